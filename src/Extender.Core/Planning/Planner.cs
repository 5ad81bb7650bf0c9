namespace Extender.Core.Planning;

/// <summary>
/// Packs pending pods onto existing nodes, in-flight claims and then the cheapest set of new nodes the NodePools
/// allow. Pure and deterministic: the same input (in any order) gives the same plan.
/// </summary>
public static class Planner
{
    public static Plan Plan(PlanInput input) =>
        PreferredPodTerms.Any(input.Pods) ? PreferredPodTerms.Plan(input) : new PlanningRun(input).Run();
}
