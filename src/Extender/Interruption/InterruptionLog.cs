namespace Extender.Interruption;

internal static partial class InterruptionLog
{
    [LoggerMessage(5801, LogLevel.Warning, "Deleting unparseable interruption message {MessageId}: {Problem}")]
    public static partial void Unparseable(ILogger logger, string messageId, string problem);

    [LoggerMessage(5802, LogLevel.Information, "{Kind} for instance {InstanceId} ({NodeClaim}, node {Node}): {Action}, {DelayMs} ms after the event")]
    public static partial void Handled(ILogger logger, string kind, string instanceId, string nodeClaim, string? node, string action, double delayMs);

    [LoggerMessage(5803, LogLevel.Warning, "Receiving from the interruption queue failed; retrying in {Seconds} s")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(5804, LogLevel.Warning, "Handling interruption message {MessageId} failed; it stays on the queue and comes back after its visibility timeout")]
    public static partial void HandleFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(5805, LogLevel.Warning, "Instance {InstanceId} failed its EC2 status check ({Check}) for longer than the toleration: replacing its NodeClaim")]
    public static partial void Impaired(ILogger logger, string instanceId, string check);

    [LoggerMessage(5806, LogLevel.Warning, "The EC2 status check failed; trying again at the next interval")]
    public static partial void StatusCheckFailed(ILogger logger, Exception exception);
}
