using Extender.Core.Resources;

namespace Extender.Core.Claims;

/// <summary>
/// One entry of a NodeClaim's <c>reservedFor</c>: the pod, the demand held for it, and when the hold began (its TTL
/// runs from there, so a restart does not extend it).
/// </summary>
public sealed record ReservedPod(PodReference Pod, ResourceList Demand, DateTimeOffset ReservedAt)
{
    /// <summary>
    /// Set on a replacement slot: the hold is for the pod a controller will create in place of an evicted one (whose
    /// UID is not known yet), and <see cref="PodReference.Uid"/> is the slot's own key. Null for a pod's own hold.
    /// </summary>
    public Reservations.ReplacementKey? Replaces { get; init; }
}
