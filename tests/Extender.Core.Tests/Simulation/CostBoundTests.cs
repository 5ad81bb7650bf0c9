using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Simulation;

namespace Extender.Core.Tests.Simulation;

public sealed class CostBoundTests
{
    private static readonly NodePool Pool = new() { Name = "default" };

    [Fact]
    public void CostPerHour_OneTypeAndPodsThatFillItExactly_IsTheNodesItTakes()
    {
        var catalog = Catalog(("c.large", "4", "8Gi", 1.0m));

        var bound = CostBound.For(catalog, [Pool]).CostPerHour(Pods(8, "1", "1Gi"));

        Assert.Equal(2.0, (double)bound, 6);
    }

    /// <summary>
    /// Cheap CPU on a small type and cheap memory on another: fractional aggregate capacity would buy CPU from the
    /// first and memory from the second, but each pod needs both on one node, and only the big type holds one.
    /// </summary>
    [Fact]
    public void CostPerHour_PodsThatOnlyTheBigTypeHolds_DoNotBorrowTheSmallTypesCheapCpu()
    {
        var catalog = Catalog(("tiny", "2", "512Mi", 0.01m), ("mem", "2", "16Gi", 0.10m), ("big", "8", "16Gi", 0.40m));

        var bound = CostBound.For(catalog, [Pool]).CostPerHour(Pods(4, "2", "4Gi"));

        // 4 × 2 cpu: "big" holds 4 per node at 0.40 (0.10 a pod); "mem" holds one a node at 0.10. "tiny" holds none.
        Assert.Equal(0.40, (double)bound, 6);
    }

    /// <summary>
    /// Two sizes that pack badly together: 3 CPU and 2 CPU pods on 4-CPU nodes, 2 of each. Whole pods: a node holds
    /// one 3-CPU pod or two 2-CPU ones, so three nodes; a relaxed knapsack fills each node with fractions of pods.
    /// </summary>
    [Fact]
    public void CostPerHour_SizesThatDoNotShareANode_IsTheWholeNodeCount()
    {
        var catalog = Catalog(("c.xlarge", "4", "16Gi", 1.0m));

        var bound = CostBound.For(catalog, [Pool]).CostPerHour(Pods(2, "3", "1Gi").Concat(Pods(2, "2", "1Gi", "b")));

        Assert.Equal(3.0, (double)bound, 6);
    }

    /// <summary>The same instance answers several calls in a row (a simulation's samples) with what a fresh one would.</summary>
    [Fact]
    public void CostPerHour_AfterOtherCalls_IsWhatAFreshBoundGives()
    {
        var catalog = DefaultCatalog.Load();
        var used = CostBound.For(catalog, [Pool]);
        used.CostPerHour(Pods(40, "250m", "512Mi").Concat(Pods(9, "2", "8Gi", "b")));
        used.CostPerHour(Pods(12, "4", "4Gi", "c"));
        var pods = Pods(30, "500m", "1Gi").Concat(Pods(7, "2", "8Gi", "b")).ToList();

        Assert.Equal((double)CostBound.For(catalog, [Pool]).CostPerHour(pods), (double)used.CostPerHour(pods), 4);
    }

    [Theory]
    [InlineData(1, 37, "250m", "512Mi")]
    [InlineData(2, 120, "500m", "3Gi")]
    [InlineData(3, 9, "3", "1Gi")]
    public void CostPerHour_MixedPods_NeverAbovePlannersCost(int seed, int count, string cpu, string memory)
    {
        var catalog = DefaultCatalog.Load();
        var random = new Random(seed);
        var pods = Pods(count, cpu, memory).Concat(Pods(random.Next(5, 40), "1", "2Gi", "b")).Concat(Pods(random.Next(1, 10), "4", "30Gi", "c")).ToList();

        var plan = Planner.Plan(new PlanInput { Pods = pods, NodePools = [Pool], Catalog = catalog });
        var bound = CostBound.For(catalog, [Pool]).CostPerHour(pods);

        Assert.Empty(plan.Unschedulable);
        Assert.InRange(bound, plan.TotalPricePerHour * 0.5m, plan.TotalPricePerHour);
    }

    [Fact]
    public void CostPerHour_NoPods_IsZero() =>
        Assert.Equal(0m, CostBound.For(DefaultCatalog.Load(), [Pool]).CostPerHour([]));

    private static InstanceCatalog Catalog(params (string Name, string Cpu, string Memory, decimal Price)[] types) => new(types.Select(t => new InstanceType
    {
        Name = t.Name,
        Labels = new Dictionary<string, string> { [WellKnownLabels.InstanceType] = t.Name },
        Allocatable = ResourceList.Of((ResourceNames.Cpu, Quantity.ParseMilli(t.Cpu)), (ResourceNames.Memory, Quantity.ParseMilli(t.Memory)), (ResourceNames.Pods, 110_000)),
        Offerings = [new Offering("zone-a", CapacityTypes.OnDemand, t.Price)],
    }));

    private static IEnumerable<Pod> Pods(int count, string cpu, string memory, string prefix = "a") => Enumerable.Range(0, count).Select(i => new Pod
    {
        Uid = $"{prefix}-{i}",
        Namespace = "default",
        Name = $"{prefix}-{i}",
        Requests = ResourceList.Of((ResourceNames.Cpu, Quantity.ParseMilli(cpu)), (ResourceNames.Memory, Quantity.ParseMilli(memory)), (ResourceNames.Pods, 1000)),
    });
}
