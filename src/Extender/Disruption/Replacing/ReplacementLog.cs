namespace Extender.Disruption.Replacing;

internal static partial class ReplacementLog
{
    [LoggerMessage(5241, LogLevel.Information, "{NodeClaim} (node {Node}): holding room for {Moving} pods' replacements on {Claims} claims ({Milliseconds} ms); {Bare} bare pods have none")]
    public static partial void Reserved(ILogger logger, string nodeClaim, string node, int moving, int claims, int bare, double milliseconds);

    [LoggerMessage(5242, LogLevel.Information, "{NodeClaim} (node {Node}): room for {Ready} pods Ready after {Seconds} s ({Lost} found none, {Bare} bare); evicting")]
    public static partial void Ready(ILogger logger, string nodeClaim, string node, int ready, int lost, int bare, double seconds);

    [LoggerMessage(5243, LogLevel.Warning, "{NodeClaim} (node {Node}): evicting before the replacements are Ready after {Seconds} s ({Ready} ready, {Waiting} booting, {Lost} without room)")]
    public static partial void NotReady(ILogger logger, string nodeClaim, string node, int ready, int waiting, int lost, double seconds);
}
