using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// The baseline: Karpenter's approach. Pods largest first; each goes onto the first open node for which some
/// instance type still holds everything; otherwise a new node open to every type; each node finally takes the
/// cheapest type that holds its pods.
/// </summary>
internal static class FirstFitDecreasing
{
    private static readonly string[] Axes = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Pods, ResourceNames.NvidiaGpu];

    public static decimal Cost(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types)
    {
        var capacities = types.Select(t => Axes.Select(a => t.Allocatable[a]).ToArray()).ToList();
        var prices = types.Select(t => t.Offerings.Min(o => o.PricePerHour)).ToList();
        var demands = pods.Select(p => Axes.Select(a => p.Requests[a]).ToArray())
            .OrderByDescending(d => d[0]).ThenByDescending(d => d[1]).ToList();
        var nodes = new List<long[]>();
        foreach (var demand in demands)
        {
            var node = nodes.Find(used => capacities.Exists(c => Fits(used, demand, c)));
            if (node is null)
            {
                node = new long[Axes.Length];
                nodes.Add(node);
            }

            for (var i = 0; i < demand.Length; i++)
            {
                node[i] += demand[i];
            }
        }

        return nodes.Sum(used => Enumerable.Range(0, types.Count).Where(t => Fits(used, new long[Axes.Length], capacities[t])).Min(t => prices[t]));
    }

    private static bool Fits(long[] used, long[] demand, long[] capacity)
    {
        for (var i = 0; i < used.Length; i++)
        {
            if (used[i] + demand[i] > capacity[i])
            {
                return false;
            }
        }

        return true;
    }
}
