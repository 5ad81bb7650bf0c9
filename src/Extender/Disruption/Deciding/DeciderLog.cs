namespace Extender.Disruption.Deciding;

internal static partial class DeciderLog
{
    [LoggerMessage(5221, LogLevel.Information, "Disrupting {NodeClaim}: {Reason} ({Why})")]
    public static partial void Disrupting(ILogger logger, string nodeClaim, string reason, string why);

    [LoggerMessage(5222, LogLevel.Error, "Disrupting {NodeClaim} failed; decided again on the next pass")]
    public static partial void DisruptFailed(ILogger logger, string nodeClaim, Exception exception);

    [LoggerMessage(5223, LogLevel.Error, "Disruption pass failed; retrying on the next one")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(5224, LogLevel.Information, "Re-stamped {NodeClaim} with this version's drift hashes ({Annotations}): it was stamped by another hashing scheme")]
    public static partial void Restamped(ILogger logger, string nodeClaim, string annotations);

    [LoggerMessage(5225, LogLevel.Warning, "Re-stamping {NodeClaim}'s drift hashes failed; retried on the next pass")]
    public static partial void RestampFailed(ILogger logger, string nodeClaim, Exception exception);

    [LoggerMessage(5226, LogLevel.Warning, "Reading the instances' images, subnets and security groups failed; drift judged on the last read")]
    public static partial void InstancesUnread(ILogger logger, Exception exception);

    [LoggerMessage(5227, LogLevel.Information, "Consolidation: {Candidates} candidates, {Moves} moves decided, {Kept} still valid on the newest snapshot ({PlannerRuns} plans, {Milliseconds} ms)")]
    public static partial void Consolidation(ILogger logger, int candidates, int moves, int kept, int plannerRuns, double milliseconds);
}
