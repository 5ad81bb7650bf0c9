using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;
using Extender.Core.Tests.Planning.Checking;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly NodePool Default = new() { Name = "default" };

    [Fact]
    public void Plan_SmallPods_PacksAtLowestCost()
    {
        var pods = PendingPodBuilder.Many(7, "web", b => b.Cpu("1").Memory("1Gi"));

        var plan = Plan(pods);

        Assert.Equal(0.40m, plan.TotalPricePerHour);
        Assert.Equal(7, plan.NewNodes.Sum(n => n.Pods.Count));
    }

    [Fact]
    public void Plan_OnePod_ChoosesSmallestTypeAndListsOptionsCheapestFirst()
    {
        var plan = Plan([new PendingPodBuilder("a").Cpu("1").Build()]);

        var node = Assert.Single(plan.NewNodes);
        Assert.Equal("m.large", node.InstanceType);
        Assert.Equal(["m.large", "m.xlarge", "m.2xlarge", "g.xlarge"], node.InstanceTypeOptions);
        Assert.Equal(0.10m, node.PricePerHour);
    }

    [Fact]
    public void Plan_GpuPod_LandsOnGpuType()
    {
        var plan = Plan([new PendingPodBuilder("train").Cpu("1").Gpu(1).Build()]);

        Assert.Equal("g.xlarge", Assert.Single(plan.NewNodes).InstanceType);
    }

    [Fact]
    public void Plan_MaxPods_RespectsPodsResource()
    {
        var catalog = new InstanceCatalog([TestCatalog.Type("tiny.large", 64, 256, 1m, maxPods: 4)]);

        var plan = Plan(PendingPodBuilder.Many(10, "p", b => b.Cpu("10m")), catalog);

        Assert.Equal(3, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.True(n.Pods.Count <= 4));
    }

    [Fact]
    public void Plan_TooLargePod_IsUnschedulableWithReason()
    {
        var plan = Plan([new PendingPodBuilder("huge").Cpu("512").Build()]);

        var pod = Assert.Single(plan.Unschedulable);
        Assert.Contains("no instance type in any NodePool fits", pod.Reason, StringComparison.Ordinal);
        Assert.Contains("cpu=512", pod.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_HostnameAntiAffinity_OnePodPerNode()
    {
        var pods = PendingPodBuilder.Many(4, "db", b => b.Cpu("100m").Label("app", "db").AntiAffinity("app", "db"));

        var plan = Plan(pods);

        Assert.Equal(4, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.Single(n.Pods));
    }

    [Fact]
    public void Plan_ZonalSpread_BalancesZonesWithinSkew()
    {
        var pods = PendingPodBuilder.Many(7, "web", b => b.Cpu("3").Label("app", "web").Spread("app", "web"));

        var plan = Plan(pods);

        var perZone = TestCatalog.Zones.Select(z => plan.NewNodes.Where(n => n.Zone == z).Sum(n => n.Pods.Count)).ToList();
        Assert.True(perZone.Max() - perZone.Min() <= 1, string.Join(",", perZone));
        Assert.Equal(7, perZone.Sum());
    }

    [Fact]
    public void Plan_HostnameSpread_AtMostMaxSkewPerNode()
    {
        var pods = PendingPodBuilder.Many(6, "web", b => b.Cpu("100m").Label("app", "web").Spread("app", "web", WellKnownLabels.Hostname, maxSkew: 2));

        var plan = Plan(pods);

        Assert.Equal(3, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.Equal(2, n.Pods.Count));
    }

    [Fact]
    public void Plan_SoftSpreadUnderLimits_IsRelaxed()
    {
        var pool = Default with { Limits = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "8" }) };
        var pods = PendingPodBuilder.Many(4, "web", b => b.Cpu("1").Label("app", "web").Spread("app", "web", WellKnownLabels.Hostname, hard: false));

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(4, plan.NewNodes.Sum(n => n.Pods.Count));
    }

    [Fact]
    public void Plan_ZonalAffinityToOwnKind_KeepsOneZone()
    {
        var pods = PendingPodBuilder.Many(5, "cache", b => b.Cpu("3").Label("app", "cache").Affinity("app", "cache"));

        var plan = Plan(pods);

        Assert.Single(plan.NewNodes.Select(n => n.Zone).Distinct());
        Assert.Equal(5, plan.NewNodes.Sum(n => n.Pods.Count));
    }

    [Theory]
    [InlineData("us-east-1b")]
    [InlineData("us-east-1c")]
    public void Plan_SelfZoneAffinityPinnedToLaterZone_BesidePlainPod_PlansBothInAllowedZones(string zone)
    {
        // Issue 17: the plain pod's node was given the affine pod's first allowed-by-affinity zone, not one its node affinity allows.
        var pods = new[]
        {
            new PendingPodBuilder("plain").Cpu("1").Build(),
            new PendingPodBuilder("pinned").Cpu("1").Label("app", "cache").Affinity("app", "cache").NodeAffinity(WellKnownLabels.Zone, "In", zone).Build(),
        };

        var plan = Plan(pods);

        Assert.Empty(plan.Unschedulable);
        var pinned = Assert.Single(plan.NewNodes, n => n.Pods.Any(p => p.Name == "pinned"));
        Assert.Equal(zone, pinned.Zone);
        Assert.Equal(2, plan.NewNodes.Sum(n => n.Pods.Count));
    }

    [Fact]
    public void Plan_Priority_HigherPlacedFirstUnderLimits()
    {
        var pool = Default with { Limits = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "2" }) };
        var pods = new[]
        {
            new PendingPodBuilder("low").Cpu("1500m").Priority(0).Build(),
            new PendingPodBuilder("high").Cpu("1500m").Priority(100).Build(),
        };

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Equal("high", Assert.Single(Assert.Single(plan.NewNodes).Pods).Name);
        var low = Assert.Single(plan.Unschedulable);
        Assert.Equal("low", low.Pod.Name);
        Assert.Contains("limits", low.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Limits_NeverExceeded()
    {
        var pool = Default with { Limits = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "16" }) };
        var pods = PendingPodBuilder.Many(40, "p", b => b.Cpu("1"));

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });

        var catalog = TestCatalog.Small();
        Assert.True(plan.NewNodes.Sum(n => catalog.Find(n.InstanceType)!.Allocatable[ResourceNames.Cpu]) <= 16_000);
        Assert.NotEmpty(plan.Unschedulable);
    }

    [Theory]
    [InlineData(true, "gpu")]
    [InlineData(false, "default")]
    public void Plan_TaintedHeavierPool_OnlyToleratingPodsUseIt(bool tolerates, string expectedPool)
    {
        var gpuPool = new NodePool { Name = "gpu", Weight = 50, Taints = [new Taint("gpu", "true", "NoSchedule")] };
        var pod = new PendingPodBuilder("a").Cpu("1");

        var plan = Checked(new PlanInput { Pods = [(tolerates ? pod.Tolerate("gpu", "true") : pod).Build()], NodePools = [Default, gpuPool], Catalog = TestCatalog.Small() });

        Assert.Equal(expectedPool, Assert.Single(plan.NewNodes).NodePool);
    }

    [Fact]
    public void Plan_OnlyTaintedPool_ReasonNamesTaint()
    {
        var pool = Default with { Taints = [new Taint("dedicated", "x", "NoSchedule")] };

        var plan = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Contains("taint {dedicated: x}", Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provisioning.extender.io/capacity-type", "spot", "spot")]
    [InlineData("karpenter.sh/capacity-type", "spot", "spot")]
    [InlineData("topology.kubernetes.io/zone", "us-east-1b", "us-east-1b")]
    public void Plan_NodeSelector_FiltersOfferings(string key, string value, string expected)
    {
        var catalog = new InstanceCatalog([TestCatalog.Type("m.large", 2, 8, 0.10m, spotPrice: 0.20m)]);

        var plan = Plan([new PendingPodBuilder("a").Cpu("1").NodeSelector(key, value).Build()], catalog);

        var node = Assert.Single(plan.NewNodes);
        Assert.Contains(expected, new[] { node.CapacityType, node.Zone });
    }

    [Theory]
    [InlineData(null, "spot offerings are unavailable: the instance catalog offers no spot capacity")]
    [InlineData("no spot price source is configured", "spot offerings are unavailable: no spot price source is configured")]
    public void Plan_SpotOnlyPodAndNoSpotInTheCatalog_ReasonSaysSpotIsUnavailableAndWhy(string? why, string expected)
    {
        var pod = new PendingPodBuilder("a").Cpu("1").NodeSelector("karpenter.sh/capacity-type", "spot").Build();

        var plan = Checked(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = TestCatalog.Small(), NoSpotReason = why });

        var reason = Assert.Single(plan.Unschedulable).Reason;
        Assert.Contains(expected, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("no instance type matches", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SpotOnlyPodAndSpotInTheCatalogButNotForItsType_ReasonSaysNoTypeMatches()
    {
        var catalog = new InstanceCatalog([TestCatalog.Type("m.large", 2, 8, 0.10m, spotPrice: 0.03m), TestCatalog.Type("c.large", 2, 4, 0.08m)]);
        var pod = new PendingPodBuilder("a").Cpu("1").NodeSelector("karpenter.sh/capacity-type", "spot").NodeSelector(WellKnownLabels.InstanceType, "c.large").Build();

        var plan = Checked(new PlanInput { Pods = [pod], NodePools = [Default], Catalog = catalog });

        Assert.Contains("no instance type matches", Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RequirementConflict_ReasonNamesRequirement()
    {
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.Arch, "arm64")]) };

        var plan = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").NodeSelector(WellKnownLabels.Arch, "amd64").Build()], NodePools = [pool], Catalog = TestCatalog.Small() });

        Assert.Contains(WellKnownLabels.Arch, Assert.Single(plan.Unschedulable).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ExistingNodeWithRoom_IsUsedFirst()
    {
        var node = new Node { Name = "ip-1", Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "4", ["memory"] = "8Gi", ["pods"] = "10" }), Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1a" } };
        var bound = new PendingPodBuilder("old").Cpu("3").Build() with { NodeName = "ip-1" };

        var plan = Checked(new PlanInput
        {
            Pods = [new PendingPodBuilder("fits").Cpu("1").Build(), new PendingPodBuilder("spills").Cpu("1").Build()],
            Nodes = [new ExistingNode(node, [bound])],
            NodePools = [Default],
            Catalog = TestCatalog.Small(),
        });

        Assert.Single(Assert.Single(plan.ExistingNodes).Pods);
        Assert.Single(Assert.Single(plan.NewNodes).Pods);
    }

    [Fact]
    public void Plan_NewNodeFill_LeavesPodsThatFitExistingNodes()
    {
        var node = new Node { Name = "ip-1", Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "8Gi", ["pods"] = "10" }), Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = "us-east-1a" } };

        var plan = Checked(new PlanInput
        {
            Pods = [new PendingPodBuilder("big").Cpu("3").Build(), new PendingPodBuilder("small").Cpu("1").Build()],
            Nodes = [new ExistingNode(node, [])],
            NodePools = [Default],
            Catalog = TestCatalog.Small(),
        });

        Assert.Equal("small", Assert.Single(Assert.Single(plan.ExistingNodes).Pods).Name);
        Assert.Equal("big", Assert.Single(Assert.Single(plan.NewNodes).Pods).Name);
    }

    [Fact]
    public void Plan_ComplementaryShapes_ShareNodes()
    {
        var catalog = new InstanceCatalog([TestCatalog.Type("m.large", 4, 8, 0.10m)]);
        var pods = PendingPodBuilder.Many(3, "cpu", b => b.Cpu("3").Memory("1Gi"))
            .Concat(PendingPodBuilder.Many(3, "mem", b => b.Cpu("1").Memory("6Gi")))
            .ToList();

        var plan = Plan(pods, catalog);

        Assert.Equal(3, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.Equal(2, n.Pods.Count));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Plan_ManyShapesShuffled_KeepsInvariantsAndPlan(int seed)
    {
        var catalog = DefaultCatalog.Load();
        var random = new Random(seed);
        string[] cpus = ["100m", "250m", "500m", "2", "8"];
        string[] memories = ["128Mi", "512Mi", "2Gi", "8Gi", "32Gi"];
        var pods = PendingPodBuilder.Many(300, "p", b => b.Cpu(cpus[random.Next(cpus.Length)]).Memory(memories[random.Next(memories.Length)]));
        var limited = Default with { Limits = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "200" }) };

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [limited], Catalog = catalog });
        var shuffled = Checked(new PlanInput { Pods = [.. pods.OrderBy(_ => random.Next())], NodePools = [limited], Catalog = catalog });

        var placed = plan.NewNodes.SelectMany(n => n.Pods).Select(p => p.Key).ToList();
        Assert.Equal(placed.Count, placed.Distinct().Count());
        Assert.Equal(pods.Count, placed.Count + plan.Unschedulable.Count);
        Assert.True(plan.NewNodes.Sum(n => (catalog.Find(n.InstanceType)!.Capacity ?? catalog.Find(n.InstanceType)!.Allocatable)["cpu"]) <= 200_000);
        foreach (var node in plan.NewNodes)
        {
            var demand = node.Pods.Aggregate(ResourceList.Empty, (sum, p) => sum.Add(p.Requests));
            Assert.True(demand.FitsIn(catalog.Find(node.InstanceType)!.Allocatable), node.Name);
        }

        Assert.Equal(Describe(plan), Describe(shuffled));
    }

    /// <summary>
    /// A small mix (32 pods of five shapes, 7th-generation types; mix 54 of <c>cost-random 17</c>) where whole nodes
    /// weigh most: the proven optimum (an assignment MIP) is $1.0251/h, 3.2% above the LP bound. Rounding the LP
    /// once and filling the leftovers greedily bought $1.0358/h; diving (solve, take, solve again) finds the optimum.
    /// </summary>
    [Fact]
    public void Plan_SmallMixOfFiveShapes_ReachesTheProvenOptimum()
    {
        var catalog = new InstanceCatalog(DefaultCatalog.Load().InstanceTypes
            .Where(t => int.TryParse(t.Labels.GetValueOrDefault(WellKnownLabels.InstanceGeneration), out var g) && g >= 7));
        (int Count, string Cpu, string Memory)[] shapes = [(6, "1377m", "5956Mi"), (6, "1137m", "9172Mi"), (6, "103m", "382Mi"), (6, "411m", "805Mi"), (8, "358m", "1501Mi")];
        var pods = shapes.SelectMany((s, k) => PendingPodBuilder.Many(s.Count, $"k{k}", b => b.Cpu(s.Cpu).Memory(s.Memory))).ToList();

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [Default], Catalog = catalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(1.0251m, plan.TotalPricePerHour);
    }

    // cost-random seed 41 mix 50 (a seed never tuned on): the LP dives planned $0.526/h, SCIP proves $0.517/h optimal.
    // A set this small is packed exactly.
    [Fact]
    public void Plan_SmallSetOfThreeShapes_IsPackedExactly_ReachesTheProvenOptimum()
    {
        var catalog = new InstanceCatalog(DefaultCatalog.Load().InstanceTypes
            .Where(t => int.TryParse(t.Labels.GetValueOrDefault(WellKnownLabels.InstanceGeneration), out var g) && g >= 7));
        (int Count, string Cpu, string Memory)[] shapes = [(11, "798m", "1188Mi"), (11, "135m", "735Mi"), (11, "272m", "550Mi")];
        var pods = shapes.SelectMany((s, k) => PendingPodBuilder.Many(s.Count, $"k{k}", b => b.Cpu(s.Cpu).Memory(s.Memory))).ToList();

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [Default], Catalog = catalog });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(0.5166m, plan.TotalPricePerHour);
    }

    /// <summary>
    /// cost-random seed 29 mix 35: 431 tiny pods of four shapes that fit on a few nodes, 108 pods a node. The repack's
    /// per-pod steps ran out before its column generation converged ($3.089/h, 12 nodes); the best integral plan over
    /// the LP's own columns is $2.957/h. Steps scaled by pods per node reach below it.
    /// </summary>
    [Fact]
    public void Plan_ManyTinyPodsOnFewNodes_TheRepackIsGivenStepsToConverge()
    {
        var catalog = new InstanceCatalog(DefaultCatalog.Load().InstanceTypes
            .Where(t => int.TryParse(t.Labels.GetValueOrDefault(WellKnownLabels.InstanceGeneration), out var g) && g >= 7));
        (int Count, string Cpu, string Memory)[] shapes = [(107, "364m", "452Mi"), (107, "188m", "1217Mi"), (107, "152m", "101Mi"), (110, "107m", "134Mi")];
        var pods = shapes.SelectMany((s, k) => PendingPodBuilder.Many(s.Count, $"k{k}", b => b.Cpu(s.Cpu).Memory(s.Memory))).ToList();

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [Default], Catalog = catalog });

        Assert.Empty(plan.Unschedulable);
        Assert.True(plan.TotalPricePerHour <= 2.957m, $"{plan.TotalPricePerHour} $/h on {plan.NewNodes.Count} nodes");
    }

    [Fact]
    public void Plan_InFlightClaim_IsUsedBeforeNewNodes()
    {
        var claim = new InFlightClaim
        {
            Name = "claim-1",
            NodePool = "default",
            InstanceType = "m.xlarge",
            Zone = "us-east-1a",
            CapacityType = CapacityTypes.OnDemand,
            Allocatable = ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "8Gi", ["pods"] = "10" }),
        };

        var plan = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], InFlight = [claim], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal("claim-1", Assert.Single(plan.InFlight).Name);
        Assert.Empty(plan.NewNodes);
    }

    [Fact]
    public void Plan_DaemonSetOverhead_ReducesRoomOnNewNodes()
    {
        var daemon = new PendingPodBuilder("agent", "kube-system").Cpu("1").Build();

        var plan = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1500m").Build()], DaemonSetPods = [daemon], NodePools = [Default], Catalog = TestCatalog.Small() });

        Assert.Equal("m.xlarge", Assert.Single(plan.NewNodes).InstanceType);
    }

    [Fact]
    public void Plan_MinValues_OptionsCoverEnoughFamilies()
    {
        var catalog = new InstanceCatalog([.. Enumerable.Range(0, 80).Select(i => TestCatalog.Type($"f{i % 4}.s{i}", 4, 16, 0.1m + (i * 0.01m)))]);
        var pool = Default with { Requirements = RequirementSet.Of([Requirement.Create(WellKnownLabels.InstanceType, Operators.Exists, [], minValues: 50)]) };

        var plan = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [pool], Catalog = catalog });
        var options = Assert.Single(plan.NewNodes).InstanceTypeOptions;

        Assert.Equal(60, options.Count);
        Assert.Equal("f0.s0", options[0]);

        // More values than a launch may carry options (60): Karpenter fails such a NodeClaim after truncation.
        var beyond = Default with { Requirements = RequirementSet.Of([Requirement.Create(WellKnownLabels.InstanceType, Operators.Exists, [], minValues: 70)]) };
        var truncated = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [beyond], Catalog = catalog });
        Assert.Contains("minValues 70", Assert.Single(truncated.Unschedulable).Reason, StringComparison.Ordinal);
        Assert.Empty(truncated.NewNodes);

        var strict = Default with { Requirements = RequirementSet.Of([Requirement.Create(WellKnownLabels.InstanceFamily, Operators.Exists, [], minValues: 5)]) };
        var failed = Checked(new PlanInput { Pods = [new PendingPodBuilder("a").Cpu("1").Build()], NodePools = [strict], Catalog = catalog });
        Assert.Contains("minValues 5", Assert.Single(failed.Unschedulable).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ShuffledInput_GivesSamePlan()
    {
        var pods = MixedPods();
        var reversed = pods.AsEnumerable().Reverse().ToList();
        var shuffled = pods.OrderBy(p => p.Name.GetHashCode(StringComparison.Ordinal) ^ 12345).ToList();

        var expected = Describe(Plan(pods));

        Assert.Equal(expected, Describe(Plan(reversed)));
        Assert.Equal(expected, Describe(Plan(shuffled)));
    }

    [Fact]
    public void Plan_MixedWorkload_KeepsInvariants()
    {
        var catalog = DefaultCatalog.Load();
        var pods = MixedPods();

        var plan = Checked(new PlanInput { Pods = pods, NodePools = [Default], Catalog = catalog });

        var placed = plan.NewNodes.SelectMany(n => n.Pods).Select(p => p.Key).ToList();
        Assert.Equal(placed.Count, placed.Distinct().Count());
        Assert.Equal(pods.Count, placed.Count + plan.Unschedulable.Count);
        foreach (var node in plan.NewNodes)
        {
            var demand = node.Pods.Aggregate(ResourceList.Empty, (sum, p) => sum.Add(p.Requests));
            Assert.True(demand.FitsIn(catalog.Find(node.InstanceType)!.Allocatable), node.Name);
            Assert.Equal(node.InstanceType, node.InstanceTypeOptions[0]);
            Assert.True(node.InstanceTypeOptions.Count <= 60);
            Assert.True(node.Pods.Count(p => p.Labels.GetValueOrDefault("kind") == "anti") <= 1, node.Name);
            Assert.True(node.Pods.Count(p => p.Labels.GetValueOrDefault("kind") == "hspread") <= 1, node.Name);
        }
    }

    private static List<Pod> MixedPods()
    {
        var cpus = new[] { "100m", "250m", "500m", "1", "1500m" };
        var memories = new[] { "100Mi", "256Mi", "512Mi", "1Gi", "2Gi" };
        var pods = new List<Pod>();
        for (var i = 0; i < 200; i++)
        {
            var b = new PendingPodBuilder($"p-{i}").Cpu(cpus[i % 5]).Memory(memories[i * 7 % 5]);
            b = (i % 5) switch
            {
                0 => b.Label("kind", "plain"),
                1 => b.Label("kind", "zspread").Spread("kind", "zspread"),
                2 => b.Label("kind", "hspread").Spread("kind", "hspread", WellKnownLabels.Hostname),
                3 => b.Label("kind", "aff").Affinity("kind", "aff"),
                _ => b.Label("kind", "anti").AntiAffinity("kind", "anti"),
            };
            pods.Add(b.Build());
        }

        return pods;
    }

    private static string Describe(Plan plan) => string.Join("\n", plan.NewNodes.Select(n =>
        $"{n.Name} {n.InstanceType} {n.Zone} {n.CapacityType} {string.Join(",", n.Pods.Select(p => p.Name))}"));

    private static Plan Plan(IReadOnlyList<Pod> pods, InstanceCatalog? catalog = null) =>
        Checked(new PlanInput { Pods = pods, NodePools = [Default], Catalog = catalog ?? TestCatalog.Small() });

    /// <summary>Every plan these tests make is also validated by the independent checker.</summary>
    private static Plan Checked(PlanInput input)
    {
        var plan = Planner.Plan(input);
        PlanChecker.AssertValid(input, plan);
        return plan;
    }
}
