namespace Extender.Demo;

/// <summary>Figures beside the run's own: what <c>plan</c> would pay for the same input, and the sidecar's filter p99.</summary>
internal sealed record DemoExtras(decimal? PlanCostPerHour, double? FilterP99Milliseconds);
