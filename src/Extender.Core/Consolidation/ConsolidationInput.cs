using Extender.Core.Disruption;
using Extender.Core.Planning;

namespace Extender.Core.Consolidation;

/// <summary>
/// What one consolidation pass decides on: one immutable picture of the cluster and the provisioning planner's view
/// of it.
/// </summary>
/// <param name="Disruption">
/// Claims, nodes with their pods, NodePools, reservations held on claims, pod activity (what
/// <c>consolidateAfter</c> counts from), the budgets' hourly history and the time: the same input the other
/// disruptions are decided on.
/// </param>
/// <param name="Planning">
/// The planner's input as provisioning builds it, with <see cref="PlanInput.Pods"/> the pending pods (they keep
/// first call on the room they would take): registered nodes net of the room reserved for others, capacity in flight
/// net of its reservations, DaemonSets, NodePools and the catalog of offerings that can be launched now. Displaced
/// pods are planned through it, so a move never places a pod where provisioning (and the filter) would not.
/// </param>
public sealed record ConsolidationInput(DisruptionInput Disruption, PlanInput Planning)
{
    public ConsolidationOptions Options { get; init; } = new();

    /// <summary>Claims the same pass already chose for another reason (empty, expired, drifted): not candidates, and counted against budgets.</summary>
    public IReadOnlyList<DisruptionDecision> AlreadyDisrupting { get; init; } = [];
}
