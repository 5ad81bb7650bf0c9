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

    /// <summary>A pod's requests: as the API server defaults them, every pod also takes one of its node's pod slots.</summary>
    public static ResourceList PodRequests(long cpuMilli, long memoryMilli) =>
        ResourceList.Of((ResourceNames.Cpu, cpuMilli), (ResourceNames.Memory, memoryMilli), (ResourceNames.Pods, 1000));
}
