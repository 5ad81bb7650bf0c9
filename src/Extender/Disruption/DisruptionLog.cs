namespace Extender.Disruption;

internal static partial class DisruptionLog
{
    [LoggerMessage(5201, LogLevel.Information, "Draining node {Node} ({NodeClaim}): evicting {Evict}, deleting {Delete} at the deadline, {Remaining} pods left")]
    public static partial void Draining(ILogger logger, string node, string nodeClaim, int evict, int delete, int remaining);

    [LoggerMessage(5202, LogLevel.Warning, "Eviction of {Pod} from node {Node} refused: {Refusal}")]
    public static partial void EvictionRefused(ILogger logger, string pod, string node, string refusal);

    [LoggerMessage(5203, LogLevel.Information, "{NodeClaim} terminated after {Seconds} s: node {Node} drained, instance {ProviderId} terminated, {Pods} reservations released")]
    public static partial void Terminated(ILogger logger, string nodeClaim, string? node, double seconds, string? providerId, int pods);

    [LoggerMessage(5204, LogLevel.Information, "Node {Node} waits for {Attachments} volume attachments before its instance is terminated")]
    public static partial void WaitingForVolumes(ILogger logger, string node, int attachments);

    [LoggerMessage(5205, LogLevel.Information, "Released node {Node}: its NodeClaim is gone")]
    public static partial void OrphanReleased(ILogger logger, string node);
}
