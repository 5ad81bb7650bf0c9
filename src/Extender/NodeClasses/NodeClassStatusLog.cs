namespace Extender.NodeClasses;

internal static partial class NodeClassStatusLog
{
    [LoggerMessage(5401, LogLevel.Information, "EC2NodeClass {NodeClass} resolved: ready {Ready} {Problem}")]
    public static partial void Resolved(ILogger logger, string nodeClass, bool ready, string problem);

    [LoggerMessage(5402, LogLevel.Warning, "EC2NodeClass {NodeClass} could not be resolved; it is not ready until a retry succeeds")]
    public static partial void ResolveFailed(ILogger logger, string nodeClass, Exception exception);

    [LoggerMessage(5403, LogLevel.Debug, "Wrote the status of {Kind} {Name}")]
    public static partial void StatusWritten(ILogger logger, string kind, string? name);

    [LoggerMessage(5404, LogLevel.Debug, "The status of {Kind} {Name} changed under us; it is computed again from the new version")]
    public static partial void StatusConflict(ILogger logger, string kind, string? name);

    [LoggerMessage(5405, LogLevel.Warning, "Writing the status of {Kind} {Name} failed; the next pass tries again")]
    public static partial void StatusWriteFailed(ILogger logger, string kind, string? name, Exception exception);

    [LoggerMessage(5406, LogLevel.Warning, "NodePool {NodePool} is not ready, no node is planned from it: {Problem}")]
    public static partial void NodePoolNotReady(ILogger logger, string nodePool, string problem);

    [LoggerMessage(5407, LogLevel.Error, "Updating NodePool and EC2NodeClass status failed; the next pass tries again")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(5408, LogLevel.Warning, "Deleting the instance profiles of EC2NodeClasses that are gone failed; the next pass tries again")]
    public static partial void ProfileCleanupFailed(ILogger logger, Exception exception);
}
