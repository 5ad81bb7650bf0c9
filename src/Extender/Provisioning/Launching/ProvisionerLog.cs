namespace Extender.Provisioning.Launching;

internal static partial class ProvisionerLog
{
    [LoggerMessage(5001, LogLevel.Information, "Batch of {Pods} pods: {NewNodes} new NodeClaims, {InFlight} pods onto capacity in flight, {Unschedulable} unschedulable in {Milliseconds} ms")]
    public static partial void BatchPlanned(ILogger logger, int pods, int newNodes, int inFlight, int unschedulable, double milliseconds);

    [LoggerMessage(5002, LogLevel.Information, "Launched {NodeClaim} as {InstanceId} ({InstanceType} in {Zone}, {CapacityType}) for {Pods} pods")]
    public static partial void Launched(ILogger logger, string nodeClaim, string instanceId, string instanceType, string zone, string capacityType, int pods);

    [LoggerMessage(5003, LogLevel.Warning, "No capacity for {NodeClaim} on any of its {Options} options; re-planning its pods")]
    public static partial void InsufficientCapacity(ILogger logger, string nodeClaim, int options);

    [LoggerMessage(5004, LogLevel.Warning, "Launching {NodeClaim} failed ({Kind}); its pods retry after backoff")]
    public static partial void LaunchFailed(ILogger logger, string nodeClaim, string kind, Exception exception);

    [LoggerMessage(5005, LogLevel.Information, "Pod {Pod} cannot be provisioned: {Reason}")]
    public static partial void Unschedulable(ILogger logger, string pod, string reason);

    [LoggerMessage(5006, LogLevel.Error, "Provisioning {Pods} pods failed; they are planned again after backoff")]
    public static partial void BatchFailed(ILogger logger, int pods, Exception exception);

    [LoggerMessage(5007, LogLevel.Information, "Leader start: {Claims} NodeClaims, {Reservations} reservations rebuilt, {Unlaunched} claims to launch")]
    public static partial void Reconciled(ILogger logger, int claims, int reservations, int unlaunched);

    [LoggerMessage(5008, LogLevel.Warning, "Cannot plan: no catalog from the capacity provider yet")]
    public static partial void NoCatalog(ILogger logger, Exception exception);

    [LoggerMessage(5009, LogLevel.Error, "Launching {NodeClaim} failed unexpectedly; the claim keeps its reservations and is launched again by the lifecycle loop")]
    public static partial void LaunchCrashed(ILogger logger, string nodeClaim, Exception exception);

    [LoggerMessage(5010, LogLevel.Warning, "Shutdown: {Launches} launches still running after {Seconds} s are cancelled; the next leader finishes them")]
    public static partial void ShutdownTimedOut(ILogger logger, int launches, double seconds);

    [LoggerMessage(5011, LogLevel.Warning, "Warming up the NodeClaim create path failed; the first batch may be slower")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);
}
