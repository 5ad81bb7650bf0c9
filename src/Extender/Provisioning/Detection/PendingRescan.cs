using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Re-reports every pending pod of the snapshot as the pod watch reports it (<see cref="PodWatchSource"/>): pods
/// kube-scheduler marked unschedulable, and pods it has not tried yet, which are kept only if no existing node has room
/// for them (the channel skips those holding a reservation). Recovers what an overflow dropped, what a failed batch
/// lost and what a new leader never heard: a pod kube-scheduler keeps failing raises no new watch event, and a burst
/// detected while this replica was not the leader (a lease lost under load) would otherwise wait until kube-scheduler
/// gets round to failing each of its pods.
/// </summary>
internal sealed class PendingRescan(PendingPodChannel channel, PodWatchSource watch)
{
    /// <summary>Runs a rescan if an overflowed write asked for one since the last.</summary>
    public void RunIfRequested(ClusterSnapshot snapshot)
    {
        if (channel.TakeRescanRequest())
        {
            Run(snapshot);
        }
    }

    public void Run(ClusterSnapshot snapshot)
    {
        foreach (var pod in snapshot.PendingPods)
        {
            watch.OnPodChanged(pod);
        }
    }
}
