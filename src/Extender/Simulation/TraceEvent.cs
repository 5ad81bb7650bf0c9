using Extender.Core.Resources;

namespace Extender.Simulation;

/// <summary>
/// One change of the workload at <see cref="At"/>: a group scaled to <see cref="Replicas"/> (as a Deployment), or
/// <see cref="Count"/> pods arriving (as Jobs), each leaving after <see cref="Lifetime"/> when one is given.
/// </summary>
internal sealed record TraceEvent(TimeSpan At, string Group, ResourceList Requests)
{
    public int? Replicas { get; init; }
    public int Count { get; init; }
    public TimeSpan? Lifetime { get; init; }
}
