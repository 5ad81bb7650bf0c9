using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Kubelet;

internal static partial class KubeletLog
{
    [LoggerMessage(EventId = 7200, Level = LogLevel.Information, Message = "Node {Node} registered for instance {InstanceId} ({InstanceType})")]
    public static partial void Registered(ILogger logger, string node, string instanceId, string instanceType);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Node {Node} removed: instance {InstanceId} terminated")]
    public static partial void Removed(ILogger logger, string node, string instanceId);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Instance {InstanceId} has instance type {InstanceType}, which the catalog does not know; no node registers")]
    public static partial void UnknownInstanceType(ILogger logger, string instanceId, string instanceType);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Instance {InstanceId} runs but its node {Node} cannot join the cluster: {Reason}")]
    public static partial void CannotJoin(ILogger logger, string instanceId, string node, string reason);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "Kubelet call for node {Node} failed: {Error}")]
    public static partial void ApiFailed(ILogger logger, string node, string error);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Warning, Message = "Kubelet update of pod {Pod} failed, retrying: {Error}")]
    public static partial void PodUpdateFailed(ILogger logger, string pod, string error);
}
