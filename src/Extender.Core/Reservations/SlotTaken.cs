using Extender.Core.Claims;

namespace Extender.Core.Reservations;

/// <summary>
/// A new pod took the replacement slot <paramref name="SlotUid"/> on <paramref name="ClaimName"/>: the room is now
/// <paramref name="Hold"/>, the pod's own. The leader writes it down in the claim's <c>reservedFor</c>, so that a
/// replica rebuilding from claims does not open the slot again for a pod that already took it.
/// </summary>
public sealed record SlotTaken(string ClaimName, string SlotUid, ReservedPod Hold)
{
    /// <summary>The key the slot was held under: an evicted pod's replacement, or a CapacityBuffer's room.</summary>
    public ReplacementKey? Key { get; init; }
}
