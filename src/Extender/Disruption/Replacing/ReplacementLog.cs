namespace Extender.Disruption.Replacing;

internal static partial class ReplacementLog
{
    [LoggerMessage(5241, LogLevel.Information, "{NodeClaim} (node {Node}): holding room for {Moving} pods' replacements on {Claims} claims ({Milliseconds} ms); {Bare} bare pods have none")]
    public static partial void Reserved(ILogger logger, string nodeClaim, string node, int moving, int claims, int bare, double milliseconds);

    [LoggerMessage(5242, LogLevel.Information, "{NodeClaim} (node {Node}): room for {Ready} pods Ready after {Seconds} s ({Lost} found none, {Bare} bare); evicting")]
    public static partial void Ready(ILogger logger, string nodeClaim, string node, int ready, int lost, int bare, double seconds);

    [LoggerMessage(5243, LogLevel.Warning, "{NodeClaim} (node {Node}): evicting before the replacements are Ready after {Seconds} s ({Ready} ready, {Waiting} booting, {Lost} without room)")]
    public static partial void NotReady(ILogger logger, string nodeClaim, string node, int ready, int waiting, int lost, double seconds);

    [LoggerMessage(5245, LogLevel.Information, "Pre-spun the next wave: {Nodes} nodes, room for {Moving} pods' replacements on {Claims} claims ({Milliseconds} ms)")]
    public static partial void PreSpun(ILogger logger, int nodes, int moving, int claims, double milliseconds);

    [LoggerMessage(5246, LogLevel.Information, "{NodeClaim}: the room pre-spun for its pods is given up: {Why}")]
    public static partial void PreSpinReleased(ILogger logger, string nodeClaim, string why);

    [LoggerMessage(5247, LogLevel.Information, "{NodeClaim} (node {Node}): decided with room for {Moving} pods pre-spun {Seconds} s ago")]
    public static partial void PreSpinAdopted(ILogger logger, string nodeClaim, string node, int moving, double seconds);
}
