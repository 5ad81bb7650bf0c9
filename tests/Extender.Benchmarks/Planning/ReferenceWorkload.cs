using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.TestKit.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// The workload of Karpenter's scheduling benchmark as the issue states it: 400 instance types, one NodePool, and an
/// equal mix of five pod kinds (plain; zonal spread maxSkew 1; hostname spread; required zonal affinity to own kind;
/// required hostname anti-affinity to own kind) with Karpenter's random CPU and memory sizes (seeded).
/// </summary>
internal static class ReferenceWorkload
{
    private static readonly string[] Cpus = ["100m", "250m", "500m", "1", "1500m"];
    private static readonly string[] Memories = ["100Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"];

    public static InstanceCatalog Catalog { get; } = FourHundredTypes();

    public static PlanInput Input(int podCount) => new()
    {
        Pods = Pods(podCount),
        NodePools = [new NodePool { Name = "default" }],
        Catalog = Catalog,
    };

    public static List<Pod> Pods(int count)
    {
        var random = new Random(42);
        var pods = new List<Pod>(count);
        for (var i = 0; i < count; i++)
        {
            var b = new PendingPodBuilder($"pod-{i}").Cpu(Cpus[random.Next(Cpus.Length)]).Memory(Memories[random.Next(Memories.Length)]);
            b = (i % 5) switch
            {
                0 => b.Label("kind", "plain"),
                1 => b.Label("kind", "zone-spread").Spread("kind", "zone-spread"),
                2 => b.Label("kind", "host-spread").Spread("kind", "host-spread", WellKnownLabels.Hostname),
                3 => b.Label("kind", "zone-affinity").Affinity("kind", "zone-affinity"),
                _ => b.Label("kind", "host-anti").AntiAffinity("kind", "host-anti"),
            };
            pods.Add(b.Build());
        }

        return pods;
    }

    private static InstanceCatalog FourHundredTypes()
    {
        var all = DefaultCatalog.Load().InstanceTypes;
        var step = all.Count / 400.0;
        return new InstanceCatalog(Enumerable.Range(0, 400).Select(i => all[(int)(i * step)]));
    }
}
