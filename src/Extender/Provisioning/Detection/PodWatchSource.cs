using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Ports;
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
internal sealed class PodWatchSource(PendingPodChannel channel, ReservationLedger ledger, LeftToScheduler left, IOptions<DetectionOptions> options, IHeadroomRoom? headroom = null)
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

        // A new pod that replaces an evicted one, or that a CapacityBuffer holds room for, takes that room before
        // anything plans for it: holding a reservation, it is steered there and never bought for again. Only pods of
        // the schedulers this install serves take buffer room: another scheduler's never asks the extender.
        if (ledger.Current.HasOpenSlots && !ledger.Current.Holds(pod.Uid))
        {
            var bufferKey = PendingPodFilter.IsPlannable(pod, _schedulerNames) ? headroom?.KeyFor(pod) : null;
            var before = bufferKey is null ? 0 : ledger.Current.SlotsFor(bufferKey).Count;
            var after = ledger.Update(s => s.Adopt(pod, bufferKey));
            if (bufferKey is not null && after.SlotsFor(bufferKey).Count < before)
            {
                headroom!.Taken(bufferKey);
            }
        }

        if (PendingPodFilter.IsCandidate(pod, _schedulerNames))
        {
            channel.TryWrite(pod);
        }
        else if (_atCreation && PendingPodFilter.IsNew(pod, _schedulerNames))
        {
            channel.TryWriteNew(pod);
        }
    }

    public void OnPodDeleted(string podUid) => Release(podUid);

    private void Release(string podUid)
    {
        left.Release(podUid);
        if (ledger.Current.Holds(podUid))
        {
            ledger.Update(s => s.ReleasePods([podUid]));
        }
    }
}
