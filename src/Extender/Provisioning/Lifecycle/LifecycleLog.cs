namespace Extender.Provisioning.Lifecycle;

internal static partial class LifecycleLog
{
    [LoggerMessage(5101, LogLevel.Information, "{NodeClaim} registered as node {Node} after {Seconds} s")]
    public static partial void Registered(ILogger logger, string nodeClaim, string node, double seconds);

    [LoggerMessage(5102, LogLevel.Information, "{NodeClaim} initialized")]
    public static partial void Initialized(ILogger logger, string nodeClaim);

    [LoggerMessage(5103, LogLevel.Warning, "{NodeClaim} did not register within {Timeout}; terminating {ProviderId} and re-planning {Pods} pods")]
    public static partial void RegistrationTimedOut(ILogger logger, string nodeClaim, TimeSpan timeout, string? providerId, int pods);

    [LoggerMessage(5104, LogLevel.Information, "{NodeClaim} is being deleted; terminated its instance and released {Pods} pods")]
    public static partial void Finalized(ILogger logger, string nodeClaim, int pods);

    [LoggerMessage(5105, LogLevel.Warning, "Terminating leaked instance {InstanceId} (claim {NodeClaim}, launched {LaunchedAt})")]
    public static partial void Leaked(ILogger logger, string instanceId, string? nodeClaim, DateTimeOffset launchedAt);

    [LoggerMessage(5106, LogLevel.Error, "Lifecycle pass failed; retrying on the next tick")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(5107, LogLevel.Information, "{Pods} reservations expired unused; re-planning their pods")]
    public static partial void Expired(ILogger logger, int pods);

    [LoggerMessage(5108, LogLevel.Warning, "{NodeClaim} lost: {Why}; terminated its instance, deleted it and re-planning {Pods} pods")]
    public static partial void ClaimLost(ILogger logger, string nodeClaim, string why, int pods);

    [LoggerMessage(5109, LogLevel.Error, "Lifecycle step for {NodeClaim} failed; the other claims go on, it is retried on the next pass")]
    public static partial void ClaimStepFailed(ILogger logger, string nodeClaim, Exception exception);

    [LoggerMessage(5111, LogLevel.Warning, "{NodeClaim} exists but this process never heard it was created (the answer was lost); adopted, holding {Pods} pods")]
    public static partial void Adopted(ILogger logger, string nodeClaim, int pods);

    [LoggerMessage(5112, LogLevel.Warning, "{NodeClaim} exists but this process never heard it was created, and it holds no pod any more (they were planned again); deleted before launch")]
    public static partial void AdoptedEmpty(ILogger logger, string nodeClaim);

    [LoggerMessage(5110, LogLevel.Error, "Terminating leaked instance {InstanceId} failed; retried on the next collection")]
    public static partial void LeakedTerminationFailed(ILogger logger, string instanceId, Exception exception);
}
