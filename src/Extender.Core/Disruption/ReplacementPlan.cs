using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;

namespace Extender.Core.Disruption;

/// <summary>
/// Which of a leaving node's pods get room held for their replacement before they are evicted (reserve before evict),
/// and which cannot: a pod with a controller comes back as a new pod of the same controller and shape, so a
/// <see cref="ReplacementKey"/> slot can wait for it; a bare pod has no replacement, and DaemonSet, static, finished
/// and terminating pods do not move. Pure: the same pods and time give the same plan.
/// </summary>
/// <param name="Moving">The pods whose replacement gets a slot, in key order.</param>
/// <param name="NotReplaced">Pods that must leave but that nothing will recreate (bare pods): evicted without a hold.</param>
public sealed record ReplacementPlan(IReadOnlyList<DisplacedPod> Moving, IReadOnlyList<Pod> NotReplaced)
{
    public static ReplacementPlan Empty { get; } = new([], []);

    public static ReplacementPlan For(IEnumerable<Pod> pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var moving = new List<DisplacedPod>();
        var bare = new List<Pod>();
        foreach (var pod in pods.Where(p => Drain.IsDrainable(p) && !p.Terminating && p.OwnerKind != "DaemonSet").OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Uid, StringComparer.Ordinal))
        {
            if (ReplacementKey.Slot(pod, now) is { } slot)
            {
                moving.Add(new DisplacedPod(pod, pod with { Uid = slot.Pod.Uid, NodeName = null, Phase = "Pending", MarkedUnschedulable = false }, slot));
            }
            else
            {
                bare.Add(pod);
            }
        }

        return new ReplacementPlan(moving, bare);
    }
}

/// <summary>A pod about to be evicted, as the pending pod its replacement will be (planned under the slot's key), and its slot.</summary>
public sealed record DisplacedPod(Pod Pod, Pod AsPending, ReservedPod Slot);
