using System.Collections.Concurrent;
using System.Diagnostics;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Provisioning.Availability;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Metrics;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;
using UnschedulablePod = Extender.Provisioning.Detection.UnschedulablePod;

namespace Extender.Provisioning.Launching;

/// <summary>
/// One batch: pick the pods still worth planning, plan them with the capacity in flight counted, reserve in-flight
/// capacity and launch new claims, and re-plan at once the pods whose offerings had no capacity.
/// </summary>
internal sealed class BatchProvisioner(
    ILeadership leadership,
    LeaderStart leaderStart,
    ClusterState cluster,
    ReservationLedger ledger,
    ClaimRegistry registry,
    ClaimLauncher launcher,
    CatalogCache catalogs,
    UnavailableOfferings availability,
    INodePoolSource nodePools,
    PendingPodChannel channel,
    PendingRescan rescan,
    RequeueBackoff backoff,
    IPodEventRecorder events,
    ProvisionerMetrics metrics,
    IOptions<ProvisionerOptions> options,
    TimeProvider time,
    ILogger<BatchProvisioner> logger)
{
    public async Task ProvisionAsync(IReadOnlyList<UnschedulablePod> batch, CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
        {
            // The leader hears the same pods; a replica that becomes leader rescans.
            leaderStart.Reset();
            return;
        }

        await leaderStart.EnsureAsync(cancellationToken);
        if (channel.TakeRescanRequest())
        {
            rescan.Run(cluster.Current);
        }

        var detectedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var pods = Select(batch, detectedAt);
        metrics.Batch(pods.Count);
        for (var round = 0; pods.Count > 0 && round <= options.Value.MaxReplans; round++)
        {
            pods = await PlanAndLaunchAsync(pods, detectedAt, cancellationToken);
        }
    }

    /// <summary>
    /// The batch's pods as the snapshot now sees them, minus those that meanwhile bound, went away, wait for a backoff,
    /// or already hold a reservation (kube-scheduler keeps reporting a pod whose capacity is still booting).
    /// </summary>
    private List<Pod> Select(IReadOnlyList<UnschedulablePod> batch, Dictionary<string, DateTimeOffset> detectedAt)
    {
        var snapshot = cluster.Current;
        var reservations = ledger.Current;
        var pods = new List<Pod>(batch.Count);
        foreach (var pending in batch)
        {
            var pod = snapshot.FindPod(pending.Pod.Uid) ?? pending.Pod;
            if (PendingPodFilter.IsUnplaced(pod) && !reservations.Holds(pod.Uid) && !backoff.IsWaiting(pod.Uid) && detectedAt.TryAdd(pod.Uid, pending.DetectedAt))
            {
                pods.Add(pod);
            }
        }

        return pods;
    }

    private async Task<List<Pod>> PlanAndLaunchAsync(List<Pod> pods, Dictionary<string, DateTimeOffset> detectedAt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var catalog = await catalogs.GetAsync(cancellationToken);
        var pools = nodePools.NodePools;
        var plan = Planner.Plan(PlanInputs.Build(pods, cluster.Current, ledger.Current, registry.All, pools, catalog, availability.Apply(catalog)));
        ProvisionerLog.BatchPlanned(logger, pods.Count, plan.NewNodes.Count, plan.InFlight.Sum(p => p.Pods.Count), plan.Unschedulable.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        foreach (var unschedulable in plan.Unschedulable)
        {
            ProvisionerLog.Unschedulable(logger, unschedulable.Pod.Key, unschedulable.Reason);
            events.Warning(new(unschedulable.Pod.Namespace, unschedulable.Pod.Name, unschedulable.Pod.Uid), "FailedProvisioning", unschedulable.Reason);
        }

        // Reservations on in-flight claims and new launches touch different claims, so they run side by side: a pod
        // placed onto capacity already in flight does not wait behind another claim's launch, nor the reverse.
        var replan = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.LaunchConcurrency, CancellationToken = cancellationToken };
        var reserving = Parallel.ForEachAsync(plan.InFlight, parallel, async (placement, token) =>
            await launcher.ReserveOnClaimAsync(placement.Name, placement.Pods, detectedAt, token));
        var launching = Parallel.ForEachAsync(plan.NewNodes, parallel, async (node, token) =>
        {
            var pool = pools.First(p => p.Name == node.NodePool);
            var intent = ClaimFactory.Create(node, pool, catalog, time.GetUtcNow());
            foreach (var share in await launcher.CreateAndLaunchAsync(intent, detectedAt, token))
            {
                replan.TryAdd(share.Pod.Uid, 0);
            }
        });
        await Task.WhenAll(reserving, launching);

        return [.. pods.Where(p => replan.ContainsKey(p.Uid))];
    }
}
