using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;
using Extender.Core.Tests.Planning.Checking;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Planning;

/// <summary>
/// Cases modelled on Karpenter's scheduling suite (suite_test.go, topology_test.go) and kube-scheduler's plugins
/// (NodePorts, PodTopologySpread minDomains, InterPodAffinity), written for this planner. Every plan is also checked
/// by <see cref="PlanChecker"/>.
/// </summary>
public sealed class PlannerParityTests
{
    private static readonly NodePool Default = new() { Name = "default" };

    // NodePorts: "should schedule pods with the same host port to different nodes".
    [Theory]
    [InlineData("TCP", "", "TCP", "", false)]
    [InlineData("TCP", "", "UDP", "", true)]
    [InlineData("TCP", "10.0.0.1", "TCP", "10.0.0.2", true)]
    [InlineData("TCP", "10.0.0.1", "TCP", "0.0.0.0", false)]
    public void HostPorts_CollidingPortsGetSeparateNodes(string protocolA, string ipA, string protocolB, string ipB, bool share)
    {
        var pods = new[]
        {
            new PendingPodBuilder("a").Cpu("100m").Build() with { HostPorts = [new HostPort(protocolA, ipA, 8080)] },
            new PendingPodBuilder("b").Cpu("100m").Build() with { HostPorts = [new HostPort(protocolB, ipB, 8080)] },
        };

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(share ? 1 : 2, plan.NewNodes.Count);
    }

    [Fact]
    public void HostPorts_DaemonSetOnSamePort_PodIsUnschedulableNamingThePort()
    {
        var daemon = new PendingPodBuilder("exporter", "kube-system").Cpu("100m").Build() with { HostPorts = [new HostPort("TCP", "", 8080)] };
        var pod = new PendingPodBuilder("web").Cpu("100m").Build() with { HostPorts = [new HostPort("TCP", "", 8080)] };

        var plan = Plan(new PlanInput { Pods = [pod], DaemonSetPods = [daemon], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Contains("host port 8080", Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
    }

    // PodTopologySpread minDomains (topology_test.go "should respect minDomains constraints" and the two "satisfied" cases).
    [Theory]
    [InlineData(2, 3, 3, new[] { 1, 1 })]
    [InlineData(3, 3, 11, new[] { 4, 4, 3 })]
    [InlineData(3, 2, 11, new[] { 4, 4, 3 })]
    public void Spread_MinDomains_CapsEachZoneWhenTooFewDomains(int zones, int minDomains, int pods, int[] expected)
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.Zone, [.. TestCatalog.Zones.Take(zones)])]) };
        var input = new PlanInput
        {
            Pods = PendingPodBuilder.Many(pods, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web", minDomains: minDomains)),
            NodePools = [pool],
            Catalog = TestCatalog.Small(),
        };

        var plan = Plan(input);

        var perZone = plan.NewNodes.GroupBy(n => n.Zone).Select(g => g.Sum(n => n.Pods.Count)).OrderDescending().ToArray();
        Assert.Equal(expected, perZone);
        Assert.Equal(pods - expected.Sum(), plan.Unschedulable.Count);
    }

    // Requirements on a key the NodePool leaves open: "should not schedule pods that have conflicting requirements",
    // "should schedule pods that have matching requirements" (the node carries the label).
    [Fact]
    public void OpenKey_DifferentValuesNeverShareANode_AndTheNodeCarriesTheValue()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In("team", "a", "b")]) };
        var pods = new[]
        {
            new PendingPodBuilder("a").Cpu("100m").NodeSelector("team", "a").Build(),
            new PendingPodBuilder("b").Cpu("100m").NodeSelector("team", "b").Build(),
            new PendingPodBuilder("any").Cpu("100m").Build(),
            new PendingPodBuilder("c").Cpu("100m").NodeSelector("team", "c").Build(),
        };

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Equal("c", Assert.Single(plan.Unschedulable).Pod.Name);
        Assert.Equal(2, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.Equal(n.Pods.Single(p => p.Name is "a" or "b").Name, n.Labels["team"]));
    }

    [Fact]
    public void OpenKey_NodeSelectorOnKeyNoNodePoolDefines_IsUnschedulable()
    {
        var plan = Plan(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("100m").NodeSelector("team", "a").Build()], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Contains("team", Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
    }

    // InterPodAffinity: a required term matching no pod is satisfied only by a pod matching it itself, once.
    [Fact]
    public void HostnameAffinity_MatchingNoPod_IsUnschedulable()
    {
        var pod = new PendingPodBuilder("lonely").Cpu("100m").Label("app", "lonely").Affinity("app", "db", WellKnownLabels.Hostname).Build();

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Single(plan.Unschedulable);
        Assert.Empty(plan.NewNodes);
    }

    [Fact]
    public void HostnameSelfAffinity_MoreThanOneNodeHolds_OnlyTheFirstNodeIsFilled()
    {
        var pods = PendingPodBuilder.Many(10, "cache", b => b.Cpu("3").Label("app", "cache").Affinity("app", "cache", WellKnownLabels.Hostname));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        var node = Assert.Single(plan.NewNodes);
        Assert.Equal(2, node.Pods.Count);
        Assert.Equal(8, plan.Unschedulable.Count);
    }

    // Karpenter's scheduler retries pods whose affinity targets are scheduled later in the same batch.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ZoneAffinity_FollowersBeforeTheirPinnedTarget_StillJoinIt(bool followersFirst)
    {
        var target = new PendingPodBuilder("target").Cpu("100m").Label("app", "db").NodeSelector(WellKnownLabels.Zone, "us-east-1b").Build();
        var followers = PendingPodBuilder.Many(4, "follower", b => b.Cpu("3").Priority(followersFirst ? 10 : 0).Label("app", "web").Affinity("app", "db"));

        var plan = Plan(new PlanInput { Pods = [.. followers, target], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.All(plan.NewNodes, n => Assert.Equal("us-east-1b", n.Zone));
    }

    // Limits count each node's capacity (vCPUs; memory less the 7.5% VM overhead), as Karpenter's do: m5.large is 2 cpu
    // and 7577Mi there, against 1930m and 6903Mi allocatable, so counting allocatable would overshoot by one node.
    [Theory]
    [InlineData("memory", "64Gi", 8)]
    [InlineData("memory", "48Gi", 6)]
    [InlineData("memory", "7577Mi", 1)]
    [InlineData("memory", "7576Mi", 0)]
    [InlineData("cpu", "10", 5)]
    [InlineData("cpu", "7", 3)]
    public void Limits_CountNodeCapacityNotAllocatable(string resource, string limit, int nodes)
    {
        var pool = Default with
        {
            Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.InstanceType, "m5.large"), Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.OnDemand)]),
            Limits = ResourceList.Parse(new Dictionary<string, string> { [resource] = limit }),
        };
        var pods = PendingPodBuilder.Many(12, "big", b => b.Cpu("1500m").Memory("1Gi"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = DefaultCatalog.Load() });

        Assert.Equal(nodes, plan.NewNodes.Count);
        Assert.Equal(12 - nodes, plan.Unschedulable.Count);
    }

    // NodePool limits on the number of nodes.
    [Fact]
    public void NodesLimit_CapsHowManyNodesAreLaunched()
    {
        var pool = Default with { Limits = ResourceList.Parse(new Dictionary<string, string> { ["nodes"] = "2" }) };
        var pods = PendingPodBuilder.Many(5, "db", b => b.Cpu("100m").Label("app", "db").AntiAffinity("app", "db"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Equal(2, plan.NewNodes.Count);
        Assert.Equal(3, plan.Unschedulable.Count);
        Assert.All(plan.Unschedulable, u => Assert.Contains("limits", u.Reason, StringComparison.Ordinal));
    }

    // minValues holds while packing: two pods that together fit one family only are split, each with two families.
    [Fact]
    public void MinValues_PodsTogetherTooBigForEnoughFamilies_AreSplitNotDropped()
    {
        var catalog = new InstanceCatalog([TestCatalog.Type("m.large", 2, 8, 0.10m), TestCatalog.Type("c.large", 2, 4, 0.09m), TestCatalog.Type("m.xlarge", 4, 16, 0.20m)]);
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.Create(WellKnownLabels.InstanceFamily, Operators.Exists, [], minValues: 2)]) };
        var pods = PendingPodBuilder.Many(2, "app", b => b.Cpu("1500m").Memory("1Gi"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = catalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(2, plan.NewNodes.Count);
    }

    [Fact]
    public void MinValues_TypesWithoutTheLabelAddNoValue()
    {
        var unlabeled = TestCatalog.Type("x.large", 2, 8, 0.05m);
        unlabeled = unlabeled with { Labels = unlabeled.Labels.Where(l => l.Key != WellKnownLabels.InstanceFamily).ToDictionary() };
        var catalog = new InstanceCatalog([unlabeled, TestCatalog.Type("m.large", 2, 8, 0.10m)]);
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.Create(WellKnownLabels.InstanceFamily, Operators.Exists, [], minValues: 2)]) };

        var plan = Plan(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [pool], Catalog = catalog });

        Assert.Contains("minValues 2", Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
        Assert.Empty(plan.NewNodes);
    }

    // nodeAffinityPolicy Honor: pods on nodes the spreading pod could not use do not count.
    [Fact]
    public void Spread_PodsOnNodesOutsideTheOwnersAffinity_DoNotCount()
    {
        var node = new Node
        {
            Name = "other-arch",
            Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "1", ["memory"] = "1Gi", ["pods"] = "10" }),
            Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1a", [WellKnownLabels.Arch] = "arm64" },
        };
        var bound = PendingPodBuilder.Many(3, "old", b => b.Cpu("100m").Label("app", "web")).Select(p => p with { NodeName = node.Name, Phase = "Running" }).ToList();
        var pods = PendingPodBuilder.Many(3, "web", b => b.Cpu("100m").Label("app", "web").NodeSelector(WellKnownLabels.Arch, "amd64").Spread("app", "web"));

        var plan = Plan(new PlanInput { Pods = pods, Nodes = [new ExistingNode(node, bound)], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal(TestCatalog.Zones, plan.NewNodes.Select(n => n.Zone).Order());
    }

    // Karpenter's domains come from what the NodePools can launch for the pod's node requirements (topology.go
    // buildDomainGroups): a NodePool whose DaemonSet takes the pod's host port still offers its zones as domains, so a
    // spreading pod that can only use an existing node in one zone may not pile up there (property-test seed 2092).
    [Fact]
    public void Spread_ZonesOfANodePoolExcludedByAHostPort_StillCountAsDomains()
    {
        var node = new Node
        {
            Name = "old",
            Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "10" }),
            Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1a" },
        };
        var bound = new PendingPodBuilder("web-old").Cpu("100m").Label("app", "web").Build() with { NodeName = node.Name, Phase = "Running" };
        var daemon = new PendingPodBuilder("exporter", "kube-system").Cpu("100m").Build() with { HostPorts = [new HostPort("TCP", "", 9100)] };
        var pods = PendingPodBuilder.Many(2, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web"))
            .Select(p => p with { HostPorts = [new HostPort("TCP", "", 9100)] }).ToList();

        var plan = Plan(new PlanInput { Pods = pods, Nodes = [new ExistingNode(node, [bound])], DaemonSetPods = [daemon], NodePools = [Default], Catalog = TestCatalog.Small() });

        // 1 in us-east-1a and 0 in b and c: a second pod there would make the skew 2.
        Assert.Empty(plan.ExistingNodes);
        Assert.Equal(2, plan.Unschedulable.Count);
    }

    // Topology on keys other than hostname and zone (topology_test.go "CapacityType", "should balance pods across
    // NodePool requirements", "... a label when discovered from the nodepool"): domains are the values the NodePools
    // can give a node and those existing nodes carry; a new node is narrowed to the value it takes.
    private static readonly InstanceCatalog SpotCatalog = new(
    [
        TestCatalog.Type("m.large", 2, 8, 0.10m, spotPrice: 0.04m),
        TestCatalog.Type("m.xlarge", 4, 16, 0.20m, spotPrice: 0.08m),
    ]);

    private static readonly NodePool SpotAndOnDemand = Default with
    {
        Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.Spot, CapacityTypes.OnDemand)]),
    };

    [Theory]
    [InlineData(WellKnownLabels.CapacityType)]
    [InlineData("karpenter.sh/capacity-type")]
    public void CapacityTypeSpread_BalancesPodsAcrossCapacityTypes(string key)
    {
        var pods = PendingPodBuilder.Many(4, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web", key));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [SpotAndOnDemand], Catalog = SpotCatalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal([2, 2], plan.NewNodes.GroupBy(n => n.CapacityType).Select(g => g.Sum(n => n.Pods.Count)).Order());
    }

    [Fact]
    public void CapacityTypeSpread_ExistingSpotPodAndOnDemandOnlyNodePool_DoesNotViolateMaxSkew()
    {
        var node = new Node
        {
            Name = "spot-1",
            Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "8Gi", ["pods"] = "10" }),
            Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1a", [WellKnownLabels.CapacityType] = CapacityTypes.Spot },
        };
        var bound = new PendingPodBuilder("web-old").Cpu("1100m").Label("app", "web").Build() with { NodeName = node.Name, Phase = "Running" };
        var onDemand = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.OnDemand)]) };
        var pods = PendingPodBuilder.Many(5, "web", b => b.Cpu("1100m").Label("app", "web").Spread("app", "web", WellKnownLabels.CapacityType));

        var plan = Plan(new PlanInput { Pods = pods, Nodes = [new ExistingNode(node, [bound])], NodePools = [onDemand], Catalog = SpotCatalog });

        // max skew 1 against the one spot pod: two on on-demand, the other three cannot schedule.
        Assert.Equal(2, plan.NewNodes.Sum(n => n.Pods.Count));
        Assert.All(plan.NewNodes, n => Assert.Equal(CapacityTypes.OnDemand, n.CapacityType));
        Assert.Equal(3, plan.Unschedulable.Count);
    }

    [Fact]
    public void LabelSpread_BalancesAcrossNodePoolRequirements()
    {
        var spot = new NodePool
        {
            Name = "spot",
            Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.Spot), Requirement.In("capacity.spread.4-1", "2", "3", "4", "5")]),
        };
        var onDemand = new NodePool
        {
            Name = "on-demand",
            Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.OnDemand), Requirement.In("capacity.spread.4-1", "1")]),
        };
        var pods = PendingPodBuilder.Many(20, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web", "capacity.spread.4-1"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [spot, onDemand], Catalog = SpotCatalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal([4, 4, 4, 4, 4], plan.NewNodes.GroupBy(n => n.Labels["capacity.spread.4-1"]).Select(g => g.Sum(n => n.Pods.Count)));
        Assert.Equal([4, 16], plan.NewNodes.GroupBy(n => n.CapacityType).Select(g => g.Sum(n => n.Pods.Count)).Order());
    }

    [Fact]
    public void LabelSpread_DomainOfATaintedNodePoolCounts_SecondPodCannotSchedule()
    {
        var foo = Default with { Requirements = RequirementSet.Of([Requirement.In("fake-label", "foo")]) };
        var bar = new NodePool
        {
            Name = "tainted",
            Taints = [new Taint("taint-key", "taint-value", "NoSchedule")],
            Requirements = RequirementSet.Of([Requirement.In("fake-label", "bar")]),
        };
        var pods = PendingPodBuilder.Many(2, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web", "fake-label"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [foo, bar], Catalog = TestCatalog.Small() });

        // nodeTaintsPolicy Ignore: "bar" is a domain with 0 pods, so "foo" takes one pod only.
        Assert.Equal("foo", Assert.Single(plan.NewNodes).Labels["fake-label"]);
        Assert.Single(plan.NewNodes[0].Pods);
        Assert.Single(plan.Unschedulable);
    }

    [Fact]
    public void CombinedZoneAndCapacityTypeSpread_HoldsBoth()
    {
        var pods = PendingPodBuilder.Many(11, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web", WellKnownLabels.CapacityType).Spread("app", "web"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [SpotAndOnDemand], Catalog = SpotCatalog });

        Assert.Empty(plan.Unschedulable);
        var byCapacityType = plan.NewNodes.GroupBy(n => n.CapacityType).Select(g => g.Sum(n => n.Pods.Count)).ToList();
        var byZone = plan.NewNodes.GroupBy(n => n.Zone).Select(g => g.Sum(n => n.Pods.Count)).ToList();
        Assert.True(byCapacityType.Max() - byCapacityType.Min() <= 1 && byCapacityType.Count == 2, string.Join(",", byCapacityType));
        Assert.True(byZone.Max() - byZone.Min() <= 1 && byZone.Count == 3, string.Join(",", byZone));
    }

    // InterPodAffinity on a NodePool label: anti-affinity keeps each pod in its own team; affinity follows the target's.
    [Fact]
    public void LabelAntiAffinity_EachPodTakesADifferentValue()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In("team", "a", "b")]) };
        var pods = PendingPodBuilder.Many(3, "db", b => b.Cpu("100m").Label("app", "db").AntiAffinity("app", "db", "team"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Equal(["a", "b"], plan.NewNodes.Select(n => n.Labels["team"]).Order());
        Assert.Single(plan.Unschedulable);
    }

    [Fact]
    public void LabelAffinity_FollowsTheTargetsValue()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In("team", "a", "b")]) };
        var target = new PendingPodBuilder("db").Cpu("1500m").Label("app", "db").NodeSelector("team", "b").Build();
        var followers = PendingPodBuilder.Many(3, "web", b => b.Cpu("1500m").Label("app", "web").Affinity("app", "db", "team"));

        var plan = Plan(new PlanInput { Pods = [.. followers, target], NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.All(plan.NewNodes, n => Assert.Equal("b", n.Labels["team"]));
    }

    // Keys instance types define (topology.go buildDomainGroups registers each type's values): a node takes the value
    // of its type, and every launch option keeps it.
    private static readonly InstanceCatalog ArchCatalog = new(
    [
        TestCatalog.Type("m.large", 2, 8, 0.10m),
        TestCatalog.Type("m.xlarge", 4, 16, 0.20m),
        TestCatalog.Type("g.large", 2, 8, 0.08m, arch: "arm64"),
        TestCatalog.Type("g.xlarge", 4, 16, 0.16m, arch: "arm64"),
    ]);

    [Theory]
    [InlineData(WellKnownLabels.Arch)]
    [InlineData("beta.kubernetes.io/arch")]
    public void ArchSpread_BalancesAcrossArchitectures_OptionsKeepTheArch(string key)
    {
        var pods = PendingPodBuilder.Many(6, "web", b => b.Cpu("500m").Label("app", "web").Spread("app", "web", key));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = ArchCatalog });

        Assert.Empty(plan.Unschedulable);
        string Arch(string type) => ArchCatalog.Find(type)!.Labels[WellKnownLabels.Arch];
        Assert.Equal([3, 3], plan.NewNodes.GroupBy(n => Arch(n.InstanceType)).Select(g => g.Sum(n => n.Pods.Count)));
        Assert.All(plan.NewNodes, n => Assert.All(n.InstanceTypeOptions, o => Assert.Equal(Arch(n.InstanceType), Arch(o))));
    }

    // topology_test.go "should balance pods across arch (no constraints)": an existing amd64 node holds one pod, the
    // NodePool launches arm64 only, so max skew 1 lets two pods onto arm64 and no more.
    [Fact]
    public void ArchSpread_ExistingAmd64PodAndArm64OnlyNodePool_DoesNotViolateMaxSkew()
    {
        var node = new Node
        {
            Name = "amd64-1",
            Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "8Gi", ["pods"] = "10" }),
            Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1a", [WellKnownLabels.Arch] = "amd64" },
        };
        var bound = new PendingPodBuilder("web-old").Cpu("2").Label("app", "web").Build() with { NodeName = node.Name, Phase = "Running" };
        var arm = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.Arch, "arm64")]) };
        var pods = PendingPodBuilder.Many(5, "web", b => b.Cpu("2").Label("app", "web").Spread("app", "web", WellKnownLabels.Arch));

        var plan = Plan(new PlanInput { Pods = pods, Nodes = [new ExistingNode(node, [bound])], NodePools = [arm], Catalog = ArchCatalog });

        Assert.Equal(2, plan.NewNodes.Sum(n => n.Pods.Count));
        Assert.Equal(3, plan.Unschedulable.Count);
    }

    // topology_test.go "should respect pod affinity (arch)": the follower takes the target's architecture, on another
    // node because of their hostname spread.
    [Fact]
    public void ArchAffinity_FollowerTakesTheTargetsArchitecture()
    {
        var target = new PendingPodBuilder("aff-1").Cpu("2").Label("security", "s2").NodeSelector(WellKnownLabels.Arch, "amd64")
            .Spread("security", "s2", WellKnownLabels.Hostname).Build();
        var follower = new PendingPodBuilder("aff-2").Cpu("1").Label("security", "s2").Spread("security", "s2", WellKnownLabels.Hostname)
            .Affinity("security", "s2", WellKnownLabels.Arch).Build();

        var plan = Plan(new PlanInput { Pods = [follower, target], NodePools = [Default], Catalog = ArchCatalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(2, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.All(n.InstanceTypeOptions, o => Assert.Equal("amd64", ArchCatalog.Find(o)!.Labels[WellKnownLabels.Arch])));
    }

    // topology_test.go "should not violate pod anti-affinity (arch)": the second pod goes to the other architecture,
    // though the target's is cheaper.
    [Fact]
    public void ArchAntiAffinity_SecondPodTakesTheOtherArchitecture()
    {
        var target = new PendingPodBuilder("aff-1").Cpu("2").Label("security", "s2").NodeSelector(WellKnownLabels.Arch, "arm64").Build();
        var repelled = new PendingPodBuilder("aff-2").Cpu("1").Label("security", "s2").AntiAffinity("security", "s2", WellKnownLabels.Arch).Build();

        var plan = Plan(new PlanInput { Pods = [target, repelled], NodePools = [Default], Catalog = ArchCatalog });

        Assert.Empty(plan.Unschedulable);
        var arches = plan.NewNodes.Select(n => ArchCatalog.Find(n.InstanceType)!.Labels[WellKnownLabels.Arch]).Order().ToList();
        Assert.Equal(["amd64", "arm64"], arches);
    }

    [Fact]
    public void InstanceTypeSpread_OverTheNodePoolsTypes_OnePerTypeAndOptionsOfThatTypeOnly()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.InstanceType, "m.large", "m.xlarge", "g.large")]) };
        var pods = PendingPodBuilder.Many(6, "web", b => b.Cpu("500m").Label("app", "web").Spread("app", "web", WellKnownLabels.InstanceType));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = ArchCatalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal([2, 2, 2], plan.NewNodes.GroupBy(n => n.InstanceType).Select(g => g.Sum(n => n.Pods.Count)));
        Assert.All(plan.NewNodes, n => Assert.Equal([n.InstanceType], n.InstanceTypeOptions));
    }

    [Fact]
    public void InstanceFamilyAntiAffinity_EachPodAnotherFamily()
    {
        var pods = PendingPodBuilder.Many(3, "db", b => b.Cpu("100m").Label("app", "db").AntiAffinity("app", "db", "karpenter.k8s.aws/instance-family"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = ArchCatalog });

        // Two families (m, g): the third pod has nowhere to go.
        Assert.Equal(["g", "m"], plan.NewNodes.Select(n => ArchCatalog.Find(n.InstanceType)!.Labels[WellKnownLabels.InstanceFamily]).Order());
        Assert.Single(plan.Unschedulable);
    }

    [Fact]
    public void InstanceTypeSpread_MoreValuesThanTheDomainsCounted_IsUnschedulableWithAReason()
    {
        var catalog = new InstanceCatalog([.. Enumerable.Range(1, 31).Select(i => TestCatalog.Type($"m{i}.large", 2, 8, 0.10m + (i / 1000m)))]);
        var pod = new PendingPodBuilder("web").Cpu("100m").Label("app", "web").Spread("app", "web", WellKnownLabels.InstanceType).Build();

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = catalog });

        Assert.Contains("give that label 31 values, more than the 30", Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
    }

    // Reasons name the first cause: a pod kept out of the GPU NodePool by its taint is told so, not that it is too big.
    [Fact]
    public void Reason_GpuPodWithoutToleration_NamesTheTaintNotItsSize()
    {
        var gpu = new NodePool { Name = "gpu", Taints = [new Taint("nvidia.com/gpu", "true", "NoSchedule")] };
        var cpuOnly = new NodePool { Name = "default", Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.InstanceFamily, "m")]) };

        var plan = Plan(new PlanInput { Pods = [new PendingPodBuilder("train").Cpu("1").Gpu(1).Build()], NodePools = [cpuOnly, gpu], Catalog = TestCatalog.Small() });

        var reason = Assert.Single(plan.Unschedulable).Reason;
        Assert.Contains("NodePool gpu: the pod does not tolerate taint {nvidia.com/gpu: true}", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("fits the pod's requests", reason, StringComparison.Ordinal);
    }

    // Preferential fallback (suite_test.go "Preferential Fallback" / "Preferred"): the heaviest preferred node affinity
    // term is required first and relaxed one at a time, heaviest first; required terms are never relaxed away.
    [Fact]
    public void Preferred_FreeZonePreference_IsFollowed()
    {
        var pod = Prefer(new PendingPodBuilder("a").Cpu("1").Build(), (50, WellKnownLabels.Zone, "In", ["us-east-1c"]));

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal("us-east-1c", Assert.Single(plan.NewNodes).Zone);
    }

    [Fact]
    public void Preferred_ShouldRelaxAllTerms()
    {
        var pod = Prefer(new PendingPodBuilder("a").Cpu("1").Build(),
            (1, WellKnownLabels.Zone, "In", ["invalid"]), (1, WellKnownLabels.InstanceType, "In", ["invalid"]));

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Single(plan.NewNodes);
    }

    [Fact]
    public void Preferred_ShouldRelaxToLighterWeights()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.Zone, ["us-east-1a", "us-east-1b"])]) };
        var pod = Prefer(new PendingPodBuilder("a").Cpu("1").Build(),
            (100, WellKnownLabels.InstanceType, "In", ["us-east-1c"]),
            (50, WellKnownLabels.Zone, "In", ["us-east-1b"]),
            (1, WellKnownLabels.Zone, "In", ["us-east-1a"]));

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Equal("us-east-1b", Assert.Single(plan.NewNodes).Zone);
    }

    [Fact]
    public void Preferred_ConflictingWithRequirement_RequirementHolds()
    {
        var pod = Prefer(new PendingPodBuilder("a").Cpu("1").NodeAffinity(WellKnownLabels.Zone, "In", "us-east-1c").Build(),
            (1, WellKnownLabels.Zone, "NotIn", ["us-east-1c"]));

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal("us-east-1c", Assert.Single(plan.NewNodes).Zone);
    }

    [Fact]
    public void Preferred_ConflictingRequirementsInOneTerm_StillSchedules()
    {
        var pod = new PendingPodBuilder("a").Cpu("1").Build() with
        {
            PreferredNodeAffinity = [new PreferredSchedulingTerm(1, new NodeSelectorTerm(
                [new NodeSelectorRequirement(WellKnownLabels.Zone, "In", ["invalid"]), new NodeSelectorRequirement(WellKnownLabels.Zone, "NotIn", ["invalid"])], []))],
        };

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Single(plan.NewNodes);
    }

    [Fact]
    public void Preferred_PodsWithDifferentPreferences_AreNotGroupedTogether()
    {
        var pods = new[]
        {
            Prefer(new PendingPodBuilder("a").Cpu("100m").Build(), (1, WellKnownLabels.Zone, "In", ["us-east-1b"])),
            Prefer(new PendingPodBuilder("b").Cpu("100m").Build(), (1, WellKnownLabels.Zone, "In", ["us-east-1c"])),
        };

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal(["us-east-1b", "us-east-1c"], plan.NewNodes.Select(n => n.Zone).Order(StringComparer.Ordinal));
    }

    // A group with topology constraints tries its preference pod by pod and relaxes it when the spread fails there
    // (topology_test.go "should not limit spread options by preferred node affinity").
    [Fact]
    public void Preferred_WithSpread_DoesNotLimitTheSpread()
    {
        var pods = PendingPodBuilder.Many(6, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web")
            .Prefer(1, WellKnownLabels.Zone, "In", "us-east-1a", "us-east-1b"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal([2, 2, 2], plan.NewNodes.GroupBy(n => n.Zone).Select(g => g.Sum(n => n.Pods.Count)));
    }

    [Fact]
    public void Preferred_WithSpread_IsFollowedWhileTheSpreadAllows()
    {
        var pods = PendingPodBuilder.Many(1, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web").Prefer(1, WellKnownLabels.Zone, "In", "us-east-1c"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal("us-east-1c", Assert.Single(plan.NewNodes).Zone);
    }

    // preferences.go relaxes one term per retry, heaviest first (removePreferredNodeAffinityTerm), and the next
    // heaviest is then required: the second pod, kept out of zone a by the spread, follows the lighter term to zone c
    // rather than dropping every preference (which would give the first zone the spread allows, b).
    [Fact]
    public void Preferred_WithSpread_RelaxesOneTermAtATime()
    {
        var pods = PendingPodBuilder.Many(2, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web")
            .Prefer(100, WellKnownLabels.Zone, "In", "us-east-1a")
            .Prefer(50, WellKnownLabels.Zone, "In", "us-east-1a", "us-east-1c"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(["us-east-1a", "us-east-1c"], plan.NewNodes.Select(n => n.Zone).Order(StringComparer.Ordinal));
    }

    // Karpenter's preferences.go: preferred pod (anti-)affinity is required until the pod fails, then dropped one term
    // at a time (affinity before anti-affinity, heaviest first). topology_test.go's preferred cases, written for this planner.
    [Fact]
    public void PreferredPodAntiAffinity_Hostname_HonouredWhilePossible_AndThePlanHoldsTheInputsPods()
    {
        var pods = PendingPodBuilder.Many(3, "web", b => b.Cpu("100m").Label("app", "web").PreferAntiAffinity(50, "app", "web"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal([1, 1, 1], plan.NewNodes.Select(n => n.Pods.Count));
        Assert.All(plan.NewNodes.SelectMany(n => n.Pods), p => Assert.Contains(p, pods));
    }

    [Fact]
    public void PreferredPodAntiAffinity_Zone_RelaxedWhenMorePodsThanZones()
    {
        var pods = PendingPodBuilder.Many(5, "web", b => b.Cpu("100m").Label("app", "web").PreferAntiAffinity(50, "app", "web", WellKnownLabels.Zone));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(5, plan.NewNodes.Sum(n => n.Pods.Count));
        Assert.Equal(3, plan.NewNodes.Select(n => n.Zone).Distinct().Count());
    }

    [Fact]
    public void PreferredPodAffinity_FollowsItsTarget_AndIsDroppedWhenThereIsNone()
    {
        var follower = new PendingPodBuilder("api").Cpu("100m").PreferAffinity(50, "app", "db").Build();
        var orphan = new PendingPodBuilder("lonely").Cpu("100m").PreferAffinity(50, "app", "nothing").Build();

        var plan = Plan(new PlanInput { Pods = [follower, orphan], Nodes = [FullNodeWithDb()], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal("us-east-1c", plan.NewNodes.Single(n => n.Pods.Any(p => p.Name == "api")).Zone);
    }

    [Fact]
    public void PreferredPodAffinity_HeaviestTermDroppedFirst()
    {
        var follower = new PendingPodBuilder("api").Cpu("100m").PreferAffinity(100, "app", "nothing").PreferAffinity(10, "app", "db").Build();

        var plan = Plan(new PlanInput { Pods = [follower], Nodes = [FullNodeWithDb()], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal("us-east-1c", plan.NewNodes.Single(n => n.Pods.Any(p => p.Name == "api")).Zone);
    }

    // A node in us-east-1c with no room left, running the db pod: without a preference, new pods go to the first zone.
    private static ExistingNode FullNodeWithDb()
    {
        var node = new Node
        {
            Name = "db-node",
            Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "1Gi", ["pods"] = "10" }),
            Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1c" },
        };
        var db = new PendingPodBuilder("db").Cpu("100m").Label("app", "db").Build() with { NodeName = node.Name, Phase = "Running" };
        return new ExistingNode(node, [db]);
    }

    [Fact]
    public void PreferredPodTerms_AffinityDroppedBeforeAntiAffinity()
    {
        // The affinity can never hold; once it is dropped the anti-affinity still keeps the two apart.
        var pods = PendingPodBuilder.Many(2, "web", b => b.Cpu("100m").Label("app", "web")
            .PreferAntiAffinity(1, "app", "web").PreferAffinity(1, "app", "nothing"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(2, plan.NewNodes.Count);
    }

    // Equal weights keep the pod's order (Karpenter sorts stably): the first-written of two equal terms is tried first.
    [Fact]
    public void Preferred_WithSpread_EqualWeightsKeepThePodsOrder()
    {
        var pods = PendingPodBuilder.Many(1, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web")
            .Prefer(10, WellKnownLabels.Zone, "In", "us-east-1c")
            .Prefer(10, WellKnownLabels.Zone, "In", "us-east-1b"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal("us-east-1c", Assert.Single(plan.NewNodes).Zone);
    }

    // The cause of the property test's seeds 2715 and 2966 (zonal spread violated once preferences were in its
    // generator): the group's spread domains were taken from its node requirements with the preferred zone added, so
    // the skew was measured over that one zone and every pod went there. kube-scheduler (nodeAffinityPolicy Honor)
    // and Karpenter's topology groups measure over what the required terms allow; a preference only picks among them.
    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 12)]
    public void Spread_DomainsComeFromRequiredTermsNotThePreference_Seeds2715And2966(int maxSkew, int count)
    {
        var pods = PendingPodBuilder.Many(count, "web", b => b.Cpu("500m").Label("app", "web").Spread("app", "web", maxSkew: maxSkew)
            .Prefer(50, WellKnownLabels.Zone, "In", "us-east-1b"));

        var plan = Plan(new PlanInput { Pods = pods, NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        var byZone = plan.NewNodes.GroupBy(n => n.Zone).ToDictionary(g => g.Key, g => g.Sum(n => n.Pods.Count));
        Assert.Equal(3, byZone.Count);
        Assert.True(byZone.Values.Max() - byZone.Values.Min() <= maxSkew, string.Join(", ", byZone));

        // The preference still decides where the skew allows one more.
        Assert.Equal(byZone.Values.Max(), byZone["us-east-1b"]);
    }

    // PreferNoSchedule: Karpenter's taint check counts it until the last relaxation adds a toleration for it.
    [Fact]
    public void PreferNoSchedule_AvoidedWhileAnotherNodePoolCanTakeThePod()
    {
        var soft = Default with { Name = "soft", Weight = 10, Taints = [new Taint("dedicated", "batch", "PreferNoSchedule")] };
        var plain = Default with { Name = "plain" };

        var plan = Plan(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [soft, plain], Catalog = TestCatalog.Small() });

        Assert.Equal("plain", Assert.Single(plan.NewNodes).NodePool);
    }

    [Fact]
    public void PreferNoSchedule_ToleratedAfterRelaxationWhenItIsTheOnlyNodePool()
    {
        var soft = Default with { Name = "soft", Taints = [new Taint("dedicated", "batch", "PreferNoSchedule")] };

        var plan = Plan(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [soft], Catalog = TestCatalog.Small() });

        Assert.Equal("soft", Assert.Single(plan.NewNodes).NodePool);
    }

    [Fact]
    public void PreferNoSchedule_RelaxedOnlyAfterThePreferences()
    {
        // The zone preference can only be met in the tainted NodePool: relaxing it comes first, so the pod goes to the
        // untainted one in another zone rather than onto the PreferNoSchedule taint.
        var soft = Default with { Name = "soft", Taints = [new Taint("dedicated", "batch", "PreferNoSchedule")] };
        var plain = Default with { Name = "plain", Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.Zone, ["us-east-1a"])]) };
        var pod = Prefer(new PendingPodBuilder("a").Cpu("1").Build(), (1, WellKnownLabels.Zone, "In", ["us-east-1c"]));

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [soft, plain], Catalog = TestCatalog.Small() });

        var node = Assert.Single(plan.NewNodes);
        Assert.Equal(("plain", "us-east-1a"), (node.NodePool, node.Zone));
    }

    // Namespace selectors (kube-scheduler's interpodaffinity: a term covers the union of its namespaces and those its
    // namespaceSelector picks by the Namespace objects' labels; the empty selector picks all).
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Teams = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["shop"] = new Dictionary<string, string> { ["team"] = "a" },
        ["blog"] = new Dictionary<string, string> { ["team"] = "b" },
        ["tools"] = new Dictionary<string, string>(),
    };

    private static Pod AvoidingWeb(string name, string @namespace, LabelSelector namespaceSelector, params string[] namespaces) =>
        new PendingPodBuilder(name, @namespace).Cpu("100m").Build() with
        {
            RequiredPodAntiAffinity = [new PodAffinityTerm(new LabelSelector(new Dictionary<string, string> { ["app"] = "web" }, []), WellKnownLabels.Hostname, namespaces, namespaceSelector)],
        };

    private static LabelSelector Team(string team) => new(new Dictionary<string, string> { ["team"] = team }, []);

    [Theory]
    [InlineData("shop", 2)]  // team a: the web pod is covered, so the two need two nodes
    [InlineData("blog", 1)]  // team b: not covered, they share one
    public void NamespaceSelector_PicksNamespacesByTheirLabels(string webNamespace, int nodes)
    {
        var web = new PendingPodBuilder("web", webNamespace).Cpu("100m").Label("app", "web").Build();
        var avoiding = AvoidingWeb("batch", "tools", Team("a"));

        var plan = Plan(new PlanInput { Pods = [web, avoiding], NodePools = [Default], Catalog = TestCatalog.Small(), NamespaceLabels = Teams });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(nodes, plan.NewNodes.Count);
    }

    [Fact]
    public void NamespaceSelector_IsUnitedWithTheListedNamespaces()
    {
        var web = new PendingPodBuilder("web", "blog").Cpu("100m").Label("app", "web").Build();
        var avoiding = AvoidingWeb("batch", "tools", Team("a"), "blog");

        var plan = Plan(new PlanInput { Pods = [web, avoiding], NodePools = [Default], Catalog = TestCatalog.Small(), NamespaceLabels = Teams });

        Assert.Equal(2, plan.NewNodes.Count);
    }

    [Fact]
    public void NamespaceSelector_MatchesTheAutomaticNameLabel()
    {
        var web = new PendingPodBuilder("web", "blog").Cpu("100m").Label("app", "web").Build();
        var byName = new LabelSelector(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "blog" }, []);

        var plan = Plan(new PlanInput { Pods = [web, AvoidingWeb("batch", "tools", byName)], NodePools = [Default], Catalog = TestCatalog.Small(), NamespaceLabels = Teams });

        Assert.Equal(2, plan.NewNodes.Count);
    }

    [Theory]
    [InlineData(true)]   // the empty selector: every namespace, labels known or not
    [InlineData(false)]  // a selector without namespace labels in the input: every namespace (the safe side for anti-affinity)
    public void NamespaceSelector_EmptyOrWithoutLabels_CoversEveryNamespace(bool empty)
    {
        var web = new PendingPodBuilder("web", "blog").Cpu("100m").Label("app", "web").Build();
        var selector = empty ? new LabelSelector(new Dictionary<string, string>(), []) : Team("a");

        var plan = Plan(new PlanInput { Pods = [web, AvoidingWeb("batch", "tools", selector)], NodePools = [Default], Catalog = TestCatalog.Small(), NamespaceLabels = empty ? Teams : null });

        Assert.Equal(2, plan.NewNodes.Count);
    }

    // Reasons in the user's spelling: the key the pod wrote, not the one planning judges it under.
    [Fact]
    public void Reason_NamesTheKeyAsThePodWroteIt()
    {
        var pod = new PendingPodBuilder("a").Cpu("1").NodeSelector("karpenter.k8s.aws/instance-family", "nope").Build();

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small() });

        var reason = Assert.Single(plan.Unschedulable).Reason;
        Assert.Contains("karpenter.k8s.aws/instance-family In [nope]", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(WellKnownLabels.Group + "/instance-family", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_ConflictWithNodePool_NamesThePodsSpelling()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, ["spot"])]) };
        var pod = new PendingPodBuilder("a").Cpu("1").NodeSelector("karpenter.sh/capacity-type", "on-demand").Build();

        var plan = Plan(new PlanInput { Pods = [pod], NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Equal("NodePool default: requirement karpenter.sh/capacity-type In cannot be met", Assert.Single(plan.Unschedulable).Reason);
    }

    private static Pod Prefer(Pod pod, params (int Weight, string Key, string Operator, string[] Values)[] terms) => pod with
    {
        PreferredNodeAffinity = [.. terms.Select(t => new PreferredSchedulingTerm(t.Weight, new NodeSelectorTerm([new NodeSelectorRequirement(t.Key, t.Operator, t.Values)], [])))],
    };

    private static Plan Plan(PlanInput input)
    {
        var plan = Planner.Plan(input);
        PlanChecker.AssertValid(input, plan);
        return plan;
    }
}
