using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Reservations;
using Extender.Disruption.Ports;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Deciding;

/// <summary>Gathers one pass's input (claims with their deletions as the watch shows them, pools, holds, pod activity, PodDisruptionBudgets) and decides.</summary>
internal sealed class DisruptionPass(
    ClusterState cluster,
    ClaimRegistry registry,
    INodeClaimStore store,
    INodePoolSource pools,
    ReservationLedger ledger,
    PodActivity activity,
    DriftCheck drift,
    DisruptionHistory history,
    IPodBudgetSource podBudgets,
    IOptions<DisruptionOptions> options,
    TimeProvider time)
{
    public DisruptionPlan Decide() => Disruptions.Decide(Input());

    /// <summary>The newest snapshot with the claims, pools, holds and pod activity as they stand now.</summary>
    public DisruptionInput Input()
    {
        var now = time.GetUtcNow();
        var snapshot = cluster.Current;
        activity.Observe(snapshot, now);
        var reservations = ledger.Current;

        // The registry is the leader's own memory; deletions by others show in the watch cache.
        var claims = registry.All.Select(c => c.Deleting || store.FindCached(c.Name) is not { DeletedAt: { } deleted } ? c : c with { DeletedAt = deleted }).ToList();
        var byName = pools.NodePools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        return new DisruptionInput(
            claims,
            snapshot,
            byName,
            claim => reservations.OnClaim(claim.Name) is { } hold && hold.Pods.Count > 0,
            activity.LastChange,
            drift.Why,
            now)
        {
            Started = history.Started,
            PodBudgets = podBudgets.Current,
            PreSpinWaves = options.Value.PreSpinWaves,
        };
    }
}
