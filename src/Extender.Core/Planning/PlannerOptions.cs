namespace Extender.Core.Planning;

/// <summary>Knobs of the planner. The improvement budget is counted in attempts, not time, so plans stay deterministic.</summary>
public sealed record PlannerOptions
{
    /// <summary>At most this many instance types are offered per new node for launch fallback (EC2 Fleet takes 60 overrides).</summary>
    public int MaxInstanceTypeOptions { get; init; } = 60;

    /// <summary>Merge attempts between underfilled new nodes after the first packing.</summary>
    public int ImprovementBudget { get; init; } = 20_000;

    public string NodeNamePrefix { get; init; } = "plan-";
}
