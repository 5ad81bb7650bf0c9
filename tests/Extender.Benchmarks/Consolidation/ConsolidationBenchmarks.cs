using BenchmarkDotNet.Attributes;
using Extender.Core.Catalog;
using Extender.Core.Consolidation;
using Extender.Core.Scheduling.Requirements;
using Extender.TestKit.Consolidation;

namespace Extender.Benchmarks.Consolidation;

/// <summary>
/// One consolidation pass (issue 19's target: ≤ 1 s) over 1,000 on-demand nodes of the embedded catalog's m5, c5 and
/// r5 types (2xlarge to 8xlarge, three zones) holding 30,000 pods of mixed sizes, each node filled to a random 35–95%
/// of its CPU (seed 19), with Karpenter's default budget of 10% and with a budget of 100%.
/// </summary>
[MemoryDiagnoser]
public class ConsolidationBenchmarks
{
    private static readonly string[] Types = ["m5.2xlarge", "m5.4xlarge", "m5.8xlarge", "c5.2xlarge", "c5.4xlarge", "r5.2xlarge", "r5.4xlarge"];
    private static readonly (string Cpu, string Memory, int Milli)[] Sizes = [("250m", "512Mi", 250), ("500m", "1Gi", 500), ("1", "2Gi", 1000), ("2", "4Gi", 2000)];

    private ConsolidationInput _input = null!;

    [Params("10%", "100%")]
    public string Budget { get; set; } = "10%";

    [GlobalSetup]
    public void Setup() => _input = Fleet(Budget, nodes: 1_000, pods: 30_000, seed: 19);

    [Benchmark]
    public int OnePass() => Consolidator.Decide(_input).Moves.Count;

    /// <summary>
    /// The seeded fleet; also what the consolidation report prints a summary of. Pods take their size's memory
    /// whatever the node, so many nodes hold more memory than they have (the pass does not check); with
    /// <paramref name="fillMemory"/> each node's memory is filled to its own random 35–95% as its CPU is.
    /// </summary>
    public static ConsolidationInput Fleet(string budget, int nodes, int pods, int seed, bool fillMemory = false)
    {
        var catalog = DefaultCatalog.Load();
        var random = new Random(seed);
        var pool = FleetBuilder.Pool(budget: budget) with
        {
            Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.InstanceType, Types), Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.OnDemand)]),
        };
        var fleet = new FleetBuilder(catalog).WithPool(pool);
        var perNode = pods / nodes;
        var created = 0;
        for (var n = 0; n < nodes; n++)
        {
            var type = catalog.Find(Types[random.Next(Types.Length)])!;
            var name = $"node-{n:d4}";
            fleet.Node(name, type.Name, zone: $"us-east-1{(char)('a' + (n % 3))}");
            var fill = type.Allocatable["cpu"] * (0.35 + (random.NextDouble() * 0.6));
            var used = 0L;
            // Drawn only for that fleet, so that the default one stays what it was.
            var memoryFill = fillMemory ? type.Allocatable["memory"] / 1000 / 1024 / 1024 * (0.35 + (random.NextDouble() * 0.6)) : 0;
            var memoryUsed = 0L;
            for (var p = 0; p < perNode; p++)
            {
                var size = Sizes[random.Next(Sizes.Length)];
                var cpu = Math.Max(100, (int)Math.Min(size.Milli, (fill - used) / (perNode - p)));
                used += cpu;
                var memory = Math.Max(64, (long)Math.Min(size.Milli * 2, (memoryFill - memoryUsed) / (perNode - p)));
                memoryUsed += memory;
                fleet.Pod($"pod-{created++:d5}", name, $"{cpu}m", fillMemory ? $"{memory}Mi" : size.Memory);
            }
        }

        return fleet.Build();
    }
}
