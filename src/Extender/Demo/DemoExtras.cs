using Extender.Sandbox.Demo;

namespace Extender.Demo;

/// <summary>
/// Figures beside the run's own: what <c>plan</c> would pay for the same input, the sidecar's filter p99, and its own
/// CPU and memory when it ran in its own process.
/// </summary>
internal sealed record DemoExtras(decimal? PlanCostPerHour, double? FilterP99Milliseconds, SidecarUsage? Sidecar = null);
