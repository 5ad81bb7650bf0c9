using System.Collections.Concurrent;
using System.Diagnostics;
using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
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
/// capacity and write new claims down, then hand the launches to <see cref="InFlightLaunches"/> and return, so that
/// the next batch is planned while the cloud answers. Planning is serialised (batches and re-plans alike), and every
/// plan sees the claims and reservations of the plans before it. A claim whose offerings had no capacity has its pods
/// re-planned at once on the remaining options.
/// </summary>
internal sealed class BatchProvisioner(
    ILeadership leadership,
    LeaderStart leaderStart,
    ClusterState cluster,
    ReservationLedger ledger,
    LeftToScheduler left,
    ClaimRegistry registry,
    ClaimLauncher launcher,
    InFlightLaunches launches,
    CatalogCache catalogs,
    UnavailableOfferings availability,
    INodePoolSource nodePools,
    IDaemonSetSource daemonSets,
    PendingRescan rescan,
    PlanCandidates selection,
    RequeueBackoff backoff,
    IPodEventRecorder events,
    ProvisionerMetrics metrics,
    IOptions<ProvisionerOptions> options,
    TimeProvider time,
    ILogger<BatchProvisioner> logger) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, DateTimeOffset> NoDetections = new Dictionary<string, DateTimeOffset>();

    private readonly SemaphoreSlim _planning = new(1, 1);

    /// <summary>Returns once the batch's claims and reservations are recorded; its launches may still be running.</summary>
    public async Task ProvisionAsync(IReadOnlyList<UnschedulablePod> batch, CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
        {
            // The leader hears the same pods; a replica that becomes leader rescans.
            leaderStart.Reset();
            return;
        }

        var detectedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var candidates = new List<Pod>(batch.Count);
        foreach (var pending in batch)
        {
            if (detectedAt.TryAdd(pending.Pod.Uid, pending.DetectedAt))
            {
                candidates.Add(pending.Pod);
            }
        }

        try
        {
            await leaderStart.EnsureAsync(cancellationToken);
            rescan.RunIfRequested(cluster.Current);

            await PlanAsync(candidates, detectedAt, 0, cancellationToken);
        }
        catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
        {
            RequeueAfterFailure(candidates, ex, cancellationToken);
        }
    }

    public void Dispose() => _planning.Dispose();

    private async Task PlanAsync(IReadOnlyList<Pod> candidates, IReadOnlyDictionary<string, DateTimeOffset> detectedAt, int round, CancellationToken cancellationToken)
    {
        await _planning.WaitAsync(cancellationToken);
        try
        {
            var pods = selection.Select(candidates);
            if (round == 0)
            {
                metrics.Batch(pods.Count);
            }

            if (pods.Count > 0)
            {
                await PlanAndRecordAsync(pods, detectedAt, round, cancellationToken);
            }
        }
        finally
        {
            _planning.Release();
        }
    }

    private async Task PlanAndRecordAsync(List<Pod> pods, IReadOnlyDictionary<string, DateTimeOffset> detectedAt, int round, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var catalog = await catalogs.GetAsync(cancellationToken);
        var pools = await nodePools.UsableAsync(cancellationToken);
        foreach (var pod in pods)
        {
            left.Release(pod.Uid);
        }

        var plan = Planner.Plan(PlanInputs.Build(pods, cluster.Current, ledger.Current, left, registry.All, pools, daemonSets.DaemonSetPods, catalog, availability.Apply(catalog)));
        ProvisionerLog.BatchPlanned(logger, pods.Count, plan.NewNodes.Count, plan.InFlight.Sum(p => p.Pods.Count), plan.Unschedulable.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // Pods put on a registered node get no reservation: kube-scheduler places them. Their room is counted as theirs,
        // so that neither the next batch nor creation-time detection gives it to anyone else first.
        foreach (var placement in plan.ExistingNodes)
        {
            foreach (var pod in placement.Pods)
            {
                left.Leave(pod, placement.Name);
            }
        }

        foreach (var unschedulable in plan.Unschedulable)
        {
            ProvisionerLog.Unschedulable(logger, unschedulable.Pod.Key, unschedulable.Reason);
            events.Warning(new(unschedulable.Pod.Namespace, unschedulable.Pod.Name, unschedulable.Pod.Uid), "FailedProvisioning", unschedulable.Reason);
        }

        await RecordAsync(plan.InFlight.Select(p => (p.Name, p.Pods)), plan.NewNodes, pools, catalog, detectedAt, round, null, cancellationToken);
    }

    /// <summary>
    /// Reserve before evict: plans the pods about to be displaced from <paramref name="leaving"/> as a batch is planned
    /// (under the same lock, against the same claims and reservations), with the leaving nodes and any node already
    /// tainted for disruption not counted as room, and holds what the plan gives each as its replacement slot: room on
    /// a registered node of ours or on a claim in flight (held on that claim), or new claims, written down and launched
    /// at once. Room on a node that is not ours cannot be held; it is left to kube-scheduler as a batch leaves it.
    /// </summary>
    /// <param name="displaced">Each displaced pod as a pending pod whose UID is its slot's key, with that slot.</param>
    /// <param name="leaving">The nodes the pods leave.</param>
    /// <param name="cancellationToken">Stops planning and the writes; launches already started run on.</param>
    /// <returns>The claims holding the slots; slots the plan could not place are on none of them.</returns>
    public async Task<IReadOnlyList<string>> ReserveReplacementsAsync(IReadOnlyList<(Pod AsPending, ReservedPod Slot)> displaced, IReadOnlySet<string> leaving, CancellationToken cancellationToken)
    {
        var slots = displaced.ToDictionary(d => d.AsPending.Uid, d => d.Slot, StringComparer.Ordinal);
        await _planning.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var catalog = await catalogs.GetAsync(cancellationToken);
            var pools = await nodePools.UsableAsync(cancellationToken);
            var snapshot = cluster.Current;
            var input = PlanInputs.Build([.. displaced.Select(d => d.AsPending)], snapshot, ledger.Current, left, registry.All, pools, daemonSets.DaemonSetPods, catalog, availability.Apply(catalog));
            var plan = Planner.Plan(input with { Nodes = [.. input.Nodes.Where(n => !leaving.Contains(n.Node.Name) && !DisruptionTaint.IsOn(n.Node))] });
            ProvisionerLog.BatchPlanned(logger, displaced.Count, plan.NewNodes.Count, plan.InFlight.Sum(p => p.Pods.Count), plan.Unschedulable.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            var claimOfNode = registry.All.Where(c => c.Status.NodeName is not null && !c.Deleting).ToDictionary(c => c.Status.NodeName!, c => c.Name, StringComparer.Ordinal);
            var onOurNodes = plan.ExistingNodes.Where(p => claimOfNode.ContainsKey(p.Name)).Select(p => (claimOfNode[p.Name], p.Pods)).ToList();
            foreach (var placement in plan.ExistingNodes.Where(p => !claimOfNode.ContainsKey(p.Name)))
            {
                foreach (var pod in placement.Pods)
                {
                    left.Leave(pod, placement.Name);
                }
            }

            var holding = await RecordAsync(
                onOurNodes.Concat(plan.InFlight.Select(p => (p.Name, p.Pods))), plan.NewNodes, pools, catalog, NoDetections, 0, pod => slots[pod.Uid], cancellationToken);
            return holding;
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>
    /// Writes a plan's holds on existing claims and its new claims, and starts the new claims' launches; returns the
    /// claims written to. Holds and new claims touch different claims, so they are written side by side. Each write
    /// stands alone: one that fails sends back only its own pods, and does not cancel the others (a cancelled create
    /// may still have been made by the server, and would then hold its pods unlaunched).
    /// </summary>
    private async Task<IReadOnlyList<string>> RecordAsync(
        IEnumerable<(string Claim, IReadOnlyList<Pod> Pods)> onClaims,
        IReadOnlyList<PlannedNode> newNodes,
        IReadOnlyList<NodePool> pools,
        InstanceCatalog catalog,
        IReadOnlyDictionary<string, DateTimeOffset> detectedAt,
        int round,
        Func<Pod, ReservedPod>? share,
        CancellationToken cancellationToken)
    {
        var written = new ConcurrentBag<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.LaunchConcurrency, CancellationToken = cancellationToken };
        var holds = launcher.Hold(onClaims, share);
        var reserving = Parallel.ForEachAsync(holds, parallel, async (hold, token) =>
        {
            try
            {
                await launcher.ReserveOnClaimAsync(hold.Claim, hold.Shares, detectedAt, token);
                written.Add(hold.Claim);
            }
            catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
            {
                RequeueAfterFailure(Pods(hold.Shares.Select(s => s.Pod.Uid)), ex, cancellationToken);
            }
        });
        var creating = Parallel.ForEachAsync(newNodes, parallel, async (node, token) =>
        {
            try
            {
                var pool = pools.First(p => p.Name == node.NodePool);
                var claim = await launcher.CreateAsync(ClaimFactory.Create(node, pool, catalog, time.GetUtcNow(), share), token);
                written.Add(claim.Name);
                launches.Start(claim.Name, launchToken => LaunchAsync(claim, detectedAt, round, cancellationToken, launchToken));
            }
            catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
            {
                RequeueAfterFailure([.. node.Pods], ex, cancellationToken);
            }
        });
        await Task.WhenAll(reserving, creating);
        return [.. written.Order(StringComparer.Ordinal)];
    }

    /// <summary>The pods of <paramref name="uids"/> as the cluster shows them now; those gone since are left out.</summary>
    private List<Pod> Pods(IEnumerable<string> uids)
    {
        var snapshot = cluster.Current;
        return [.. uids.Select(snapshot.FindPod).OfType<Pod>()];
    }

    /// <summary>
    /// Runs in <see cref="InFlightLaunches"/>. The launch itself is cut short only by the end of the shutdown grace
    /// (<paramref name="launchToken"/>); re-planning after insufficient capacity is new work and stops with the host.
    /// </summary>
    private async Task LaunchAsync(NodeClaim claim, IReadOnlyDictionary<string, DateTimeOffset> detectedAt, int round, CancellationToken stoppingToken, CancellationToken launchToken)
    {
        var released = await launcher.LaunchAsync(claim, detectedAt, launchToken);
        if (released.Count == 0 || round >= options.Value.MaxReplans || stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var pods = Pods(released.Select(r => r.Pod.Uid));
        try
        {
            await PlanAsync(pods, detectedAt, round + 1, stoppingToken);
        }
        catch (Exception ex) when (!IsShutdown(ex, stoppingToken))
        {
            RequeueAfterFailure(pods, ex, stoppingToken);
        }
    }

    private static bool IsShutdown(Exception exception, CancellationToken stoppingToken) =>
        exception is OperationCanceledException && stoppingToken.IsCancellationRequested;

    /// <summary>Loops catch at the top: the pods come back after backoff instead of being forgotten.</summary>
    private void RequeueAfterFailure(List<Pod> pods, Exception exception, CancellationToken stoppingToken)
    {
        ProvisionerLog.BatchFailed(logger, pods.Count, exception);
        foreach (var pod in pods)
        {
            backoff.Requeue(pod, stoppingToken);
        }
    }
}
