using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Ports;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// Hands the pods of a claim that was given up back to the planner at once, and tells each why. Only pods still
/// pending are touched: a pod that bound elsewhere or was deleted meanwhile needs nothing.
/// </summary>
internal sealed class PodRequeue(ClusterState cluster, PendingPodChannel channel, IPodEventRecorder events)
{
    public void Requeue(IReadOnlyList<ReservedPod> released, string reason, string message)
    {
        var snapshot = cluster.Current;
        foreach (var share in released)
        {
            if (snapshot.FindPod(share.Pod.Uid) is { } pod && PendingPodFilter.IsUnplaced(pod))
            {
                channel.TryWrite(pod);
                events.Warning(share.Pod, reason, message);
            }
        }
    }
}
