using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Which reported pods a batch may buy for: only pods the pod watch shows (same UID, still pending, of a scheduler this
/// install serves), as the watch now sees them. A report is not proof: a filter caller can name a pod that does not
/// exist, and a pod may have bound, gone or changed since it was reported. Pods waiting out a backoff are skipped, and
/// so are pods already holding a reservation (kube-scheduler keeps reporting a pod whose capacity is still booting) —
/// unless the registered node they hold no longer has room for them, in which case the hold is given up.
/// </summary>
internal sealed class PlanCandidates(ClusterState cluster, ReservationLedger ledger, LostReservations lost, RequeueBackoff backoff, IOptions<DetectionOptions> options)
{
    private readonly IReadOnlyCollection<string> _schedulerNames = options.Value.SchedulerNames.ToHashSet(StringComparer.Ordinal);

    /// <summary>Call under the planning lock, so that no pod is planned twice.</summary>
    public List<Pod> Select(IReadOnlyList<Pod> reported)
    {
        var snapshot = cluster.Current;
        var pods = new List<Pod>(reported.Count);
        foreach (var candidate in reported)
        {
            if (snapshot.FindPod(candidate.Uid) is { } pod && PendingPodFilter.IsPlannable(pod, _schedulerNames)
                && (!ledger.Current.Holds(pod.Uid) || lost.Release(pod)) && !backoff.IsWaiting(pod.Uid))
            {
                pods.Add(pod);
            }
        }

        return pods;
    }
}
