using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Detection;

/// <summary>
/// The watch-side detection source. The pod watch calls it for every change: pods kube-scheduler marked
/// Unschedulable are queued (the extender never hears about pods that fail in-tree filters); so are new pending pods
/// before kube-scheduler tries them, for the batcher to keep if they fit no existing node. kube-scheduler tries a
/// burst's pods one cycle at a time, so its verdicts trickle in; the sidecar sees the whole burst as it is created,
/// and the burst becomes one batch that closes one idle window after its last pod. A pod that bound anywhere,
/// finished or went away releases its reservation and the room left to the scheduler for it.
/// </summary>
internal sealed class PodWatchSource(PendingPodChannel channel, ReservationLedger ledger, LeftToScheduler left, IOptions<DetectionOptions> options, TimeProvider time)
{
    private readonly IReadOnlyCollection<string> _schedulerNames = options.Value.SchedulerNames.ToHashSet(StringComparer.Ordinal);
    private readonly bool _atCreation = options.Value.AtCreation;

    public void OnPodChanged(Pod pod)
    {
        if (!PendingPodFilter.IsUnplaced(pod))
        {
            Release(pod.Uid);
            return;
        }

        // A new pod that replaces an evicted one takes the room held for it before anything plans for it: holding a
        // reservation, it is steered there and never bought for again.
        ledger.TakeSlotFor(pod);

        if (PendingPodFilter.IsCandidate(pod, _schedulerNames))
        {
            channel.TryWrite(pod);
        }
        else if (_atCreation && PendingPodFilter.IsNew(pod, _schedulerNames))
        {
            channel.TryWriteNew(pod);
        }
    }

    /// <summary>
    /// A deleted pod's share is released and remembered, held or not: a claim's <c>reservedFor</c> still names it, and a
    /// claim update merged later would otherwise take it for a pod the pod watch has not delivered yet.
    /// </summary>
    public void OnPodDeleted(string podUid)
    {
        left.Release(podUid);
        ledger.Update(s => s.ReleaseDeleted([podUid], time.GetUtcNow()));
    }

    private void Release(string podUid)
    {
        left.Release(podUid);
        // Asked under the ledger's lock: a claim merge that read this pod as pending just before it bound may be
        // committing right now, and a look at the current snapshot first would miss its share.
        ledger.Update(s => s.Holds(podUid) ? s.ReleasePods([podUid]) : s);
    }
}
