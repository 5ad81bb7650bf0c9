using Extender.Core.Catalog;
using Extender.Core.Disruption;
using Extender.Core.Scheduling.Requirements;
using Extender.Core.Simulation;
using Extender.Planning;
using Extender.Simulation;

namespace Extender.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly InstanceCatalog Catalog = DefaultCatalog.Load();

    [Fact]
    public void Run_SameSeed_SameReport()
    {
        // Each run reads (and so generates) its trace afresh: the generator must repeat too, not only the simulation.
        var first = Report("diurnal: {seed: 5, peakPods: 120, hours: 1}");
        var second = Report("diurnal: {seed: 5, peakPods: 120, hours: 1}");

        Assert.Equal(first, second);
        Assert.NotEqual(first, Report("diurnal: {seed: 6, peakPods: 120, hours: 1}"));
    }

    /// <summary>
    /// At every sample of a busy trace (bursts, departures, consolidation): no pod is both bound and held elsewhere,
    /// no node holds more than it has, and what runs costs at least the bound of the pods it holds.
    /// </summary>
    [Fact]
    public void Run_DiurnalWithConsolidation_KeepsTheInvariantsAtEverySample()
    {
        var trace = TraceReader.Parse("sampleInterval: 2m\ndiurnal: {seed: 2, peakPods: 150, hours: 4}", "t.yaml");
        var pools = new[] { PlanInputLoader.DefaultNodePool };
        var bound = CostBound.For(Catalog, pools);
        var samples = 0;
        var simulator = new Simulator(trace, pools, Catalog)
        {
            Observe = view =>
            {
                samples++;
                var placed = view.Cluster.AllPods.Where(p => !p.IsFinished && (p.NodeName is not null || view.Reservations.Holds(p.Uid))).ToList();
                foreach (var pod in placed.Where(p => p.NodeName is not null))
                {
                    var elsewhere = view.Reservations.ClaimOf(pod.Uid);
                    Assert.True(elsewhere is null || elsewhere == pod.NodeName || view.Claims.Any(c => c.Name == pod.NodeName && c.Deleting),
                        $"{pod.Key} is bound to {pod.NodeName} and held on {elsewhere}");
                }

                foreach (var node in view.Cluster.Nodes)
                {
                    Assert.True(node.Requested.FitsIn(node.Node.Allocatable), $"{node.Node.Name} holds {node.Requested} of {node.Node.Allocatable}");
                }

                foreach (var hold in view.Reservations.Claims.Where(h => h.NodeName is null))
                {
                    var claim = view.Claims.Single(c => c.Name == hold.ClaimName);
                    Assert.True(hold.Total.FitsIn(view.Catalog.Find(claim.Status.InstanceType!)!.Allocatable), $"{claim.Name} holds more than it has");
                }

                Assert.True(view.CostPerHour >= bound.CostPerHour(placed) - 0.0001m, $"at {view.Now}: ${view.CostPerHour}/h runs the pods, their bound is ${bound.CostPerHour(placed)}/h");
            },
        };

        var report = simulator.Run();

        Assert.Equal(121, samples);
        Assert.True(report.Disruptions.GetValueOrDefault("Underutilized") > 0, "the trace should make consolidation act");
        Assert.True(report.Evictions > 0);
    }

    /// <summary>
    /// A pod the plan puts on a Ready node binds where kube-scheduler would put it with the extender's least-waste
    /// <c>prioritize</c>: the small node it nearly fills, not the first node by name (the planner's first fit).
    /// </summary>
    [Fact]
    public void Run_PodOnExistingNodes_BindsToTheLeastWasteNode()
    {
        var trace = TraceReader.Parse(
            """
            duration: 10m
            bootTime: 30s
            events:
            - {at: 0s, arrive: {name: big, count: 1, cpu: "3", memory: 1Gi}}
            - {at: 2m, arrive: {name: small, count: 1, cpu: 1500m, memory: 1Gi}}
            - {at: 4m, arrive: {name: probe, count: 1, cpu: 400m, memory: 256Mi}}
            """, "t.yaml");
        var t3a = T3a(DisruptionSettings.Default with { ConsolidationPolicy = DisruptionSettings.WhenEmpty });
        Core.Cluster.ClusterSnapshot? last = null;

        new Simulator(trace, [t3a], Catalog) { Observe = view => last = view.Cluster }.Run();

        var nodeOf = last!.AllPods.ToDictionary(p => p.Name, p => p.NodeName);
        Assert.Equal(2, last.Nodes.Count);
        Assert.NotEqual(nodeOf["big-1"], nodeOf["small-1"]);
        Assert.Equal(nodeOf["small-1"], nodeOf["probe-1"]);
    }

    [Fact]
    public void Run_PodsScaledDown_EmptyNodesGoAndTheCostFollows()
    {
        var trace = TraceReader.Parse(
            """
            duration: 30m
            bootTime: 45s
            events:
            - {at: 0s, scale: {name: web, replicas: 40, cpu: "1", memory: 2Gi}}
            - {at: 10m, scale: {name: web, replicas: 0}}
            """, "t.yaml");

        var report = new Simulator(trace, [PlanInputLoader.DefaultNodePool], Catalog).Run();

        Assert.Equal(45, report.PendingSeconds.Max);
        var before = report.Samples.Single(s => s.Minutes == 5);
        Assert.Equal(40, before.LivePods);
        Assert.True(before.CostPerHour > 0);
        var after = report.Samples.Single(s => s.Minutes == 11);
        Assert.Equal(0m, after.CostPerHour);
        Assert.Equal(0, after.Nodes);
        Assert.Equal(before.Nodes, report.Disruptions["Empty"]);
    }

    /// <summary>
    /// The trickle case (t3a only): eight pods arriving one by one get a node each and are consolidated a minute or two
    /// later. Every evicted pod then leaves when the Deployment goes to zero: each eviction is either followed by
    /// another of the same pod or by its departure, so the moves' figures add up to the evictions, and the departures
    /// count against the moves only when they come within 30 minutes of the eviction.
    /// </summary>
    [Theory]
    [InlineData("10m", true)]
    [InlineData("45m", false)]
    public void Run_ConsolidatedPodsLeave_EachMoveKindAccountsForItsEvictions(string leaveAt, bool soon)
    {
        var events = string.Join("\n", Enumerable.Range(1, 8).Select(i => $"- {{at: {2 * i}s, scale: {{name: web, replicas: {i}, cpu: 2500m, memory: 2Gi}}}}"));
        var trace = TraceReader.Parse($"duration: 1h\nbootTime: 10s\ndisruptionInterval: 10s\nevents:\n{events}\n- {{at: {leaveAt}, scale: {{name: web, replicas: 0}}}}", "t.yaml");

        var t3a = T3a(DisruptionSettings.Default with { Budgets = [new DisruptionBudget { Nodes = "100%" }] });

        var report = new Simulator(trace, [t3a], Catalog).Run();

        var moves = report.Moves.Values.ToList();
        Assert.True(report.Evictions > 0, "the trickle should be consolidated");
        Assert.Equal(report.Evictions, moves.Sum(m => m.Evictions));
        Assert.InRange(moves.Sum(m => m.Moves), 1, report.Disruptions["Underutilized"]);
        Assert.True(moves.Sum(m => m.SavingsPerHour) > 0);
        Assert.Equal(soon ? report.Evictions - moves.Sum(m => m.EvictedAgain) : 0, moves.Sum(m => m.LeftSoon));
    }

    private static string Report(string trace) =>
        SimulationJson.Serialize(new Simulator(TraceReader.Parse(trace, "t.yaml"), [PlanInputLoader.DefaultNodePool], Catalog).Run());

    /// <summary>The default NodePool cut to t3a, the trickle family, with the given disruption settings.</summary>
    private static Core.Planning.NodePool T3a(DisruptionSettings disruption) => PlanInputLoader.DefaultNodePool with
    {
        Requirements = PlanInputLoader.DefaultNodePool.Requirements.Intersect(RequirementSet.Of([Requirement.In(WellKnownLabels.InstanceFamily, "t3a")])),
        Disruption = disruption,
    };
}
