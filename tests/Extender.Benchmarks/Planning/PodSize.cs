using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Benchmarks.Planning;

/// <summary>Pods of one request vector (cores, GiB, pod slots, GPUs) and how many of them there are.</summary>
internal sealed record PodSize(double[] Demand, int Count)
{
    public static readonly string[] Axes = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Pods, ResourceNames.NvidiaGpu];

    // Milli-bytes of memory (1e15 for a large node) would leave the LPs badly scaled.
    private static readonly double[] Units = [1000, 1024.0 * 1024 * 1024 * 1000, 1000, 1000];

    public static double[] Vector(ResourceList resources) => [.. Axes.Select((a, r) => resources[a] / Units[r])];

    public static List<PodSize> Of(IEnumerable<Pod> pods) => [.. pods
        .GroupBy(p => string.Join(",", Axes.Select(a => p.Requests[a])), StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new PodSize(Vector(g.First().Requests), g.Count()))];
}
