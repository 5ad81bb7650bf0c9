using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Launching;

/// <summary>
/// What a new leader does before it plans anything: wait for synced caches, load the claims, rebuild the reservation
/// ledger from their <c>reservedFor</c> (so a restart loses nothing), finish the launches a previous process started
/// (the same client token returns the same instance), fetch the catalog, warm the planner and the claim-create path up, and rescan the pending
/// pods.
/// </summary>
internal sealed class LeaderStart(
    ISyncStatus sync,
    INodeClaimStore store,
    ClaimRegistry registry,
    ReservationLedger ledger,
    ClaimLauncher launcher,
    ClusterState cluster,
    PendingRescan rescan,
    PendingPodChannel channel,
    CatalogCache catalogs,
    INodePoolSource nodePools,
    IDaemonSetSource daemonSets,
    IOptions<ProvisionerOptions> options,
    TimeProvider time,
    ILogger<LeaderStart> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>Leadership was lost: the next leadership term starts over from the store.</summary>
    public void Reset() => _done = false;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        while (!sync.IsSynced)
        {
            await Task.Delay(options.Value.SyncPollInterval, time, cancellationToken);
        }

        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await ReconcileAsync(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Core.Claims.NodeClaim> claims;
        using (var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken))
        {
            claims = await store.ListAsync(call.Token);
        }

        registry.Replace(claims);
        var snapshot = cluster.Current;
        ledger.Rebuild(_ => ReservationSnapshot.FromClaims(claims, uid => snapshot.FindPod(uid) is { } pod && PendingPodFilter.IsUnplaced(pod), time.GetUtcNow(), options.Value.ReservationTtl), snapshot.PendingPods);
        var unlaunched = claims.Where(c => !c.Deleting && !c.IsLaunched).ToList();
        ProvisionerLog.Reconciled(logger, claims.Count, ledger.Current.Count, unlaunched.Count);
        foreach (var claim in unlaunched)
        {
            foreach (var share in await launcher.LaunchAsync(claim, null, cancellationToken))
            {
                if (snapshot.FindPod(share.Pod.Uid) is { } pod)
                {
                    channel.TryWrite(pod);
                }
            }
        }

        // Fetched and resolved here so that the first pending pod waits for neither the catalog nor its NodeClass.
        var catalog = await catalogs.GetAsync(cancellationToken);
        var pools = await nodePools.UsableAsync(cancellationToken);
        var warmUp = PlannerWarmUp.Run(pools, daemonSets.DaemonSetPods, catalog);
        await WarmUpClaimCreateAsync(warmUp, pools, catalog, cancellationToken);
        rescan.Run(cluster.Current);
    }

    /// <summary>A dry-run create of a claim from the warm-up plan; its failure only costs the first batch some time.</summary>
    private async Task WarmUpClaimCreateAsync(Plan plan, IReadOnlyList<NodePool> pools, InstanceCatalog catalog, CancellationToken cancellationToken)
    {
        if (plan.NewNodes is not [var node, ..] || pools.FirstOrDefault(p => p.Name == node.NodePool) is not { } pool)
        {
            return;
        }

        try
        {
            using var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken);
            await store.WarmUpCreateAsync(ClaimFactory.Create(node, pool, catalog, time.GetUtcNow()), call.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            ProvisionerLog.WarmUpFailed(logger, ex);
        }
    }

    public void Dispose() => _gate.Dispose();
}
