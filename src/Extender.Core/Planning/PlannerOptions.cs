namespace Extender.Core.Planning;

/// <summary>Knobs of the planner.</summary>
public sealed record PlannerOptions
{
    /// <summary>At most this many instance types are offered per new node for launch fallback (EC2 Fleet takes 60 overrides).</summary>
    public int MaxInstanceTypeOptions { get; init; } = 60;

    public string NodeNamePrefix { get; init; } = "plan-";
}
