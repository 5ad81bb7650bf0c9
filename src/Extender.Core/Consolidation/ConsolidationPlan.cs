namespace Extender.Core.Consolidation;

/// <summary>One pass's consolidations: moves whose candidates and destinations do not overlap, all within budgets.</summary>
/// <param name="Moves">In the order they were found; each was planned on the room the ones before it left.</param>
/// <param name="Candidates">How many nodes were eligible (initialized, past <c>consolidateAfter</c>, not protected, not empty).</param>
/// <param name="PlannerRuns">How many times the planner was run: the pass's cost.</param>
public sealed record ConsolidationPlan(IReadOnlyList<ConsolidationMove> Moves, int Candidates, int PlannerRuns)
{
    public static ConsolidationPlan None { get; } = new([], 0, 0);
}
