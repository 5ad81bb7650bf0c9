using Extender.Core.Cluster;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Re-reports every pod the snapshot shows as unschedulable (the channel skips those holding a reservation). Recovers
/// what an overflow dropped, what a failed batch lost and what a new leader never heard: a pod kube-scheduler keeps
/// failing raises no new watch event.
/// </summary>
internal sealed class PendingRescan(PendingPodChannel channel, IOptions<DetectionOptions> options)
{
    private readonly IReadOnlyCollection<string> _schedulerNames = options.Value.SchedulerNames.ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs a rescan if an overflowed write asked for one since the last.</summary>
    public void RunIfRequested(ClusterSnapshot snapshot)
    {
        if (channel.TakeRescanRequest())
        {
            Run(snapshot);
        }
    }

    /// <summary>Queues the candidates; returns how many were queued.</summary>
    public int Run(ClusterSnapshot snapshot)
    {
        var queued = 0;
        foreach (var pod in snapshot.PendingPods)
        {
            if (PendingPodFilter.IsCandidate(pod, _schedulerNames) && channel.TryWrite(pod))
            {
                queued++;
            }
        }

        return queued;
    }
}
