namespace Extender.Core.Planning;

/// <summary>The planner's answer: new nodes to launch, pods placed on existing nodes and in-flight claims, and pods it cannot place.</summary>
public sealed record Plan(
    IReadOnlyList<PlannedNode> NewNodes,
    IReadOnlyList<Placement> ExistingNodes,
    IReadOnlyList<Placement> InFlight,
    IReadOnlyList<UnschedulablePod> Unschedulable)
{
    public decimal TotalPricePerHour => NewNodes.Sum(n => n.PricePerHour);
}
