using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;

namespace Extender.Core.Disruption;

/// <summary>What a disruption pass decides on.</summary>
/// <param name="Claims">Every NodeClaim, with its deletion as last seen.</param>
/// <param name="Cluster">Nodes and the pods bound to them.</param>
/// <param name="Pools">The NodePools by name.</param>
/// <param name="HoldsReservations">Whether a claim holds capacity reserved for pending pods.</param>
/// <param name="LastPodChange">When a pod was last bound to or removed from a node.</param>
/// <param name="Drift">Why a claim has drifted from its NodePool or node class, or null.</param>
/// <param name="Now">The current time.</param>
public sealed record DisruptionInput(
    IReadOnlyList<NodeClaim> Claims,
    ClusterSnapshot Cluster,
    IReadOnlyDictionary<string, NodePool> Pools,
    Func<NodeClaim, bool> HoldsReservations,
    Func<string, DateTimeOffset> LastPodChange,
    Func<NodeClaim, NodeState, NodePool, Drift?> Drift,
    DateTimeOffset Now)
{
    /// <summary>The disruptions each pool started within the last hour (what a budget's <c>maxPerHour</c> counts); none by default.</summary>
    public Func<string, IReadOnlyList<StartedDisruption>> Started { get; init; } = _ => [];

    /// <summary>The PodDisruptionBudgets: a graceful disruption does not pick a node whose pods they would not let go now.</summary>
    public PodBudgets PodBudgets { get; init; } = PodBudgets.None;

    /// <summary>How many budgets' worth of the drifted nodes a budget holds back get their replacements ahead (<see cref="DisruptionPlan.PreSpin"/>); 0: none.</summary>
    public int PreSpinWaves { get; init; }
}
