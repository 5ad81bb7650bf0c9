using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Planning;

/// <summary>The planner keeps what it derives from a catalog between plans; what it keeps must never change a plan.</summary>
public sealed class CatalogModelTests
{
    private static readonly NodePool Default = new() { Name = "default" };

    [Fact]
    public void Shared_SameCatalogAndNodePools_ReturnsTheKeptModel()
    {
        var catalog = TestCatalog.Small();

        var first = CatalogModel.Shared(catalog, [Default], []);

        Assert.Same(first, CatalogModel.Shared(catalog, [Default], []));
        Assert.NotSame(first, CatalogModel.Shared(TestCatalog.Small(), [Default], []));
    }

    [Fact]
    public void Shared_NodePoolsChanged_BuildsAnewForThem()
    {
        var catalog = TestCatalog.Small();
        var first = CatalogModel.Shared(catalog, [Default], []);
        var spot = new NodePool { Name = "spot", Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.Spot)]) };

        var second = CatalogModel.Shared(catalog, [spot], []);

        Assert.NotSame(first, second);
        Assert.Equal("spot", Assert.Single(second.Pools).Pool.Name);
    }

    [Fact]
    public void Plan_SameCatalogTwice_SamePlanAsOnAFreshCatalog()
    {
        var catalog = TestCatalog.Small();
        var pods = PendingPodBuilder.Many(9, "web", b => b.Cpu("700m").Memory("1Gi").Label("app", "web").Spread("app", "web"));

        var warm = Plan(pods, catalog);
        var again = Plan(pods, catalog);

        Assert.Equal(Describe(Plan(pods, TestCatalog.Small())), Describe(again));
        Assert.Equal(Describe(warm), Describe(again));
    }

    [Theory]
    [InlineData("us-east-1a")]
    [InlineData("us-east-1c")]
    public void Plan_AfterPodsWithOtherRequirements_EachSetGetsItsOwnTypes(string zone)
    {
        var catalog = TestCatalog.Small();
        Plan([new PendingPodBuilder("elsewhere").Cpu("1").NodeSelector(WellKnownLabels.Zone, "us-east-1b").Build()], catalog);

        var plan = Plan([new PendingPodBuilder("here").Cpu("1").NodeSelector(WellKnownLabels.Zone, zone).Build()], catalog);

        Assert.Equal(zone, Assert.Single(plan.NewNodes).Zone);
    }

    [Fact]
    public void Plan_NodeInAZoneTheCatalogLacks_CountsItsZoneWithoutChangingTheKeptModel()
    {
        var catalog = TestCatalog.Small();
        var node = Node("local-1", "us-east-1-bos-1a", ("cpu", "4"), ("memory", "8Gi"), ("pods", "10"));
        var pods = PendingPodBuilder.Many(4, "web", b => b.Cpu("1").Label("app", "web").Spread("app", "web"));

        var plan = Planner.Plan(new PlanInput { Pods = pods, Nodes = [new ExistingNode(node, [])], NodePools = [Default], Catalog = catalog });

        // Four zones, one pod each: the node's, and the catalog's three on new nodes.
        Assert.Single(Assert.Single(plan.ExistingNodes).Pods);
        Assert.Equal(TestCatalog.Zones, plan.NewNodes.Select(n => n.Zone).Order(StringComparer.Ordinal));
        Assert.Empty(plan.Unschedulable);
        Assert.Equal(TestCatalog.Zones, CatalogModel.Shared(catalog, [Default], []).Zones);
    }

    [Fact]
    public void Plan_PodRequestingAResourceNoTypeHas_PlacedOnTheNodeThatHasIt()
    {
        var catalog = TestCatalog.Small();
        Plan([new PendingPodBuilder("plain").Cpu("1").Build()], catalog);
        var node = Node("fpga-1", "us-east-1a", ("cpu", "4"), ("memory", "8Gi"), ("pods", "10"), ("example.com/fpga", "2"));

        var plan = Planner.Plan(new PlanInput
        {
            Pods = [new PendingPodBuilder("accelerated").Cpu("1").Request("example.com/fpga", "1").Build(), new PendingPodBuilder("plain").Cpu("1").Build()],
            Nodes = [new ExistingNode(node, [])],
            NodePools = [Default],
            Catalog = catalog,
        });

        Assert.Contains("accelerated", Assert.Single(plan.ExistingNodes).Pods.Select(p => p.Name));
        Assert.Empty(plan.Unschedulable);
        Assert.Equal(Describe(Plan([new PendingPodBuilder("plain").Cpu("1").Build()], TestCatalog.Small())), Describe(Plan([new PendingPodBuilder("plain").Cpu("1").Build()], catalog)));
    }

    private static Node Node(string name, string zone, params (string Name, string Quantity)[] allocatable) => new()
    {
        Name = name,
        Allocatable = ResourceList.Parse(allocatable.ToDictionary(a => a.Name, a => a.Quantity)),
        Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = zone },
    };

    private static string Describe(Plan plan) => string.Join("\n", plan.NewNodes.Select(n =>
        $"{n.Name} {n.InstanceType} {n.Zone} {n.CapacityType} {n.PricePerHour} {string.Join(",", n.InstanceTypeOptions)} {string.Join(",", n.Pods.Select(p => p.Name))}"));

    private static Plan Plan(IReadOnlyList<Pod> pods, InstanceCatalog catalog) =>
        Planner.Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = catalog });
}
