using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Consolidation;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.TestKit.Builders;
using Extender.TestKit.Consolidation;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Consolidation;

/// <summary>
/// The bound that lets a consolidation pass skip planning nodes no single-node move could consolidate: it must never
/// exceed what the planner's move would buy (else a move is lost), and it must rule out the nodes it is there for.
/// </summary>
public sealed class ReplacementBoundTests
{
    /// <summary>Shapes at uneven prices, so that the cheapest type holding an excess is not simply the smallest.</summary>
    private static readonly InstanceCatalog Shapes = new(
    [
        TestCatalog.Type("c.xlarge", 4, 8, 0.17m),
        TestCatalog.Type("m.xlarge", 4, 16, 0.19m),
        TestCatalog.Type("r.xlarge", 4, 32, 0.25m),
        TestCatalog.Type("m.2xlarge", 8, 32, 0.38m),
        TestCatalog.Type("r.2xlarge", 8, 64, 0.50m),
        TestCatalog.Type("m.4xlarge", 16, 64, 0.77m),
    ]);

    [Fact]
    public void Cheapest_RoomLeftHoldsEveryPod_IsZero()
    {
        var bound = Bound(("a", "4", "16Gi"));

        Assert.Equal(0m, bound.Cheapest("x", [Pod("p", "1", "2Gi"), Pod("q", "2", "4Gi")]));
    }

    [Fact]
    public void Cheapest_PodNoNodeHolds_CostsTheCheapestTypeThatHoldsIt()
    {
        // Plenty of CPU on one node and of memory on the other, but 1500m with 12Gi fits neither: an m.xlarge's worth.
        var bound = Bound(("a", "8", "4Gi"), ("b", "1", "64Gi"));

        Assert.Equal(0.19m, bound.Cheapest("x", [Pod("p", "1500m", "12Gi")]));
    }

    [Fact]
    public void Cheapest_PodsThatFitOneByOneButNotTogether_CostWhatExceedsTheRoom()
    {
        // Each 3-CPU pod fits node a, but together they need 6 CPU of its 4: 2 CPU and 2Gi must go on a new node.
        var bound = Bound(("a", "4", "32Gi"));

        Assert.Equal(0.17m, bound.Cheapest("x", [Pod("p", "3", "1Gi"), Pod("q", "3", "1Gi")]));
    }

    [Fact]
    public void Cheapest_ExcessNoTypeHolds_IsNull()
    {
        var bound = Bound(("a", "1", "1Gi"));

        Assert.Null(bound.Cheapest("x", [Pod("p", "12", "80Gi"), Pod("q", "12", "1Gi")]));
    }

    [Fact]
    public void Cheapest_TheLeavingNodesOwnRoom_DoesNotCount()
    {
        var bound = Bound(("a", "4", "16Gi"), ("x", "4", "16Gi"));

        Assert.Equal(0m, bound.Cheapest("y", [Pod("p", "3", "1Gi"), Pod("q", "3", "1Gi")]));
        Assert.Equal(0.17m, bound.Cheapest("x", [Pod("p", "3", "1Gi"), Pod("q", "3", "1Gi")]));
    }

    [Fact]
    public void Cheapest_DestinationGone_ItsRoomNoLongerCounts()
    {
        var bound = Bound(("a", "4", "16Gi"));
        bound.Set("a", null);

        Assert.Equal(0.19m, bound.Cheapest("x", [Pod("p", "3", "12Gi")]));
    }

    /// <summary>
    /// Random fleets: for every node, plan its pods on the others' room plus new nodes, as a single-node move does.
    /// Whenever that plan places them all with at most one new node, the bound is at most what the node costs.
    /// </summary>
    [Fact]
    public void Cheapest_RandomFleets_NeverAboveWhatThePlannerBuys()
    {
        var (checkedMoves, positive) = (0, 0);
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var fleet = new FleetBuilder(Shapes);
            var names = new List<string>();
            for (var n = 0; n < 6; n++)
            {
                var type = Shapes.InstanceTypes[random.Next(Shapes.InstanceTypes.Count)];
                var name = $"n{n}";
                names.Add(name);
                fleet.Node(name, type.Name);
                var (cpu, memory) = (type.Allocatable[ResourceNames.Cpu], type.Allocatable[ResourceNames.Memory] / 1000 / 1024 / 1024);
                for (var p = 0; p < 6; p++)
                {
                    var podCpu = random.Next(2, 9) * 250;
                    var podMemory = random.Next(1, 13) * 512;
                    if (podCpu > cpu || podMemory > memory)
                    {
                        break;
                    }

                    (cpu, memory) = (cpu - podCpu, memory - podMemory);
                    fleet.Pod($"{name}-p{p}", name, $"{podCpu}m", $"{podMemory}Mi");
                }
            }

            var input = fleet.Build().Planning;
            var bound = new ReplacementBound(input);
            foreach (var node in input.Nodes)
            {
                bound.Set(node.Node.Name, Free(node));
            }

            foreach (var leaving in input.Nodes.Where(n => n.Pods.Count > 0))
            {
                var cheapest = bound.Cheapest(leaving.Node.Name, leaving.Pods);
                var plan = Planner.Plan(input with { Pods = [.. leaving.Pods.Select(Unbound)], Nodes = [.. input.Nodes.Where(n => n != leaving)] });
                positive += cheapest > 0 ? 1 : 0;
                if (plan.Unschedulable.Count == 0 && plan.NewNodes.Count <= 1)
                {
                    checkedMoves++;
                    Assert.True(cheapest is { } c && c <= plan.TotalPricePerHour, $"seed {seed}, {leaving.Node.Name}: bound {cheapest}, plan {plan.TotalPricePerHour}");
                }
            }
        }

        // Not vacuous: many moves checked, and the bound priced an excess for many nodes.
        Assert.True(checkedMoves > 100, $"{checkedMoves} moves checked");
        Assert.True(positive > 10, $"{positive} positive bounds");
    }

    private static ReplacementBound Bound(params (string Name, string Cpu, string Memory)[] rooms)
    {
        var bound = new ReplacementBound(new PlanInput { Pods = [], NodePools = [FleetBuilder.Pool()], Catalog = Shapes });
        foreach (var (name, cpu, memory) in rooms)
        {
            bound.Set(name, ResourceList.Parse([new(ResourceNames.Cpu, cpu), new(ResourceNames.Memory, memory), new(ResourceNames.Pods, "100")]));
        }

        return bound;
    }

    private static Pod Pod(string name, string cpu, string memory) => new PodBuilder(name).Cpu(cpu).Memory(memory).Build();

    private static Pod Unbound(Pod pod) => pod with { NodeName = null };

    private static ResourceList Free(ExistingNode node) =>
        node.Node.Allocatable.Subtract(node.Pods.Aggregate(ResourceList.Empty, (sum, pod) => sum.Add(pod.Requests)));
}
