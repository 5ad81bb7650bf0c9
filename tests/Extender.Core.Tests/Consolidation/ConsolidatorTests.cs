using Extender.Core.Catalog;
using Extender.Core.Consolidation;
using Extender.Core.Disruption;
using Extender.Core.Scheduling.Requirements;
using Extender.TestKit.Builders;
using Extender.TestKit.Consolidation;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Consolidation;

/// <summary>Karpenter's consolidation cases (consolidation_test.go, singlenodeconsolidation_test.go, multi-node), as this project decides them.</summary>
public sealed class ConsolidatorTests
{
    /// <summary>Linear prices: merging never pays, only deleting and downsizing do.</summary>
    private static readonly InstanceCatalog Linear = TestCatalog.Small();

    /// <summary>The issue's trickle case in small: a 4-vCPU type and an 8-vCPU type that costs 1.5 times as much.</summary>
    private static readonly InstanceCatalog Trickle = new([TestCatalog.Type("t.xlarge", 4, 16, 0.1504m), TestCatalog.Type("t.2xlarge", 8, 32, 0.3008m)]);

    private static FleetBuilder UnderusedAndBusy() => new FleetBuilder(Linear)
        .Node("a", "m.2xlarge").Pod("small", "a", "1")
        .Node("b", "m.2xlarge").Pod("big", "b", "6");

    [Fact]
    public void Decide_PodsFitOnAnotherNode_DeletesTheNode()
    {
        var plan = Consolidator.Decide(UnderusedAndBusy().Build());

        var move = Assert.Single(plan.Moves);
        Assert.True(move.IsDelete);
        Assert.Equal("a", Assert.Single(move.Candidates).Name);
        Assert.Equal(("b", "small"), (Assert.Single(move.Placements).Name, move.Placements[0].Pods.Single().Name));
        Assert.Equal(0.40m, move.SavingsPerHour);
    }

    [Fact]
    public void Decide_UnderusedNode_IsReplacedByOnlyStrictlyCheaperTypes()
    {
        var plan = Consolidator.Decide(new FleetBuilder(Linear).Node("a", "m.2xlarge").Pod("small", "a", "1").Build());

        var move = Assert.Single(plan.Moves);
        var replacement = Assert.Single(move.Replacements);
        Assert.Equal("m.large", replacement.InstanceType);
        Assert.Equal(["m.large", "m.xlarge"], replacement.InstanceTypeOptions);
        Assert.Equal(0.20m, move.ReplacementsWorstPricePerHour);
        Assert.True(move.ReplacementsWorstPricePerHour < move.CandidatesPricePerHour);
    }

    [Fact]
    public void Decide_NoStrictlyCheaperType_LeavesTheNode()
    {
        var plan = Consolidator.Decide(new FleetBuilder(Linear).Node("a", "m.large").Pod("web", "a", "1500m").Build());

        Assert.Empty(plan.Moves);
        Assert.Equal(1, plan.Candidates);
    }

    [Fact]
    public void Decide_Trickle_EightNodesBecomeThreeLikeThePlan()
    {
        var fleet = new FleetBuilder(Trickle);
        for (var i = 0; i < 8; i++)
        {
            fleet.Node($"n{i}", "t.xlarge").Pod($"web-{i}", $"n{i}", "2500m", "2Gi");
        }

        var plan = Consolidator.Decide(fleet.Build());

        var move = Assert.Single(plan.Moves);
        Assert.Equal(8, move.Candidates.Count);
        Assert.True(move.Replacements.Count < 8);
        Assert.Equal(0.9024m, move.ReplacementsWorstPricePerHour);
        Assert.Equal(8, move.Replacements.Sum(r => r.Pods.Count));
    }

    [Fact]
    public void Decide_SeveralNodesThatOnlyReshuffle_AreLeft()
    {
        // Two nodes each 90% used: any move needs two nodes again.
        var fleet = new FleetBuilder(Linear).Node("a", "m.xlarge").Pod("a0", "a", "3600m").Node("b", "m.xlarge").Pod("b0", "b", "3600m");

        Assert.Empty(Consolidator.Decide(fleet.Build()).Moves);
    }

    [Theory]
    [InlineData("recent")]
    [InlineData("reserved")]
    [InlineData("do-not-disrupt")]
    [InlineData("when-empty")]
    [InlineData("budget")]
    [InlineData("already")]
    [InlineData("never")]
    [InlineData("pdb")]
    public void Decide_NotACandidate_LeavesTheNode(string why)
    {
        var pool = why switch
        {
            "when-empty" => FleetBuilder.Pool(policy: DisruptionSettings.WhenEmpty),
            "budget" => FleetBuilder.Pool(budget: "0"),
            "never" => FleetBuilder.Pool() with { Disruption = FleetBuilder.Pool().Disruption with { ConsolidateAfter = null } },
            _ => FleetBuilder.Pool(),
        };
        var fleet = new FleetBuilder(Linear).WithPool(pool).Node("a", "m.2xlarge")
            .Pod("small", "a", "1", configure: p => why == "do-not-disrupt" ? p.DoNotDisrupt("true") : p);
        if (why == "recent")
        {
            fleet.Changed("a", FleetBuilder.Now.AddSeconds(-29));
        }

        if (why == "reserved")
        {
            fleet.Holding("a");
        }

        var input = fleet.Build();
        if (why == "already")
        {
            input = input with { AlreadyDisrupting = [new DisruptionDecision(input.Disruption.Claims[0], DisruptionReasons.Drifted, "drifted")] };
        }

        if (why == "pdb")
        {
            input = input with { Disruption = input.Disruption with { PodBudgets = new PodBudgets([new PodBudget("default", "all", new Core.Cluster.LabelSelector(new Dictionary<string, string>(), []), 0)]) } };
        }

        Assert.Empty(Consolidator.Decide(input).Moves);
    }

    [Fact]
    public void Decide_Budget_TakesTheBestCandidatesOnly()
    {
        var fleet = new FleetBuilder(Linear).WithPool(FleetBuilder.Pool(budget: "1"))
            .Node("a", "m.xlarge").Pod("a0", "a", "1")
            .Node("b", "m.2xlarge").Pod("b0", "b", "1");

        var move = Assert.Single(Consolidator.Decide(fleet.Build()).Moves);

        // The 2xlarge saves more for the same disruption: Karpenter's order takes it first.
        Assert.Equal("b", Assert.Single(move.Candidates).Name);
    }

    [Fact]
    public void Decide_DestinationThatJustReceivedPods_IsNotUsed()
    {
        var settled = Consolidator.Decide(UnderusedAndBusy().Build());
        var fresh = Consolidator.Decide(UnderusedAndBusy().Changed("b", FleetBuilder.Now.AddSeconds(-10)).Build());

        Assert.True(Assert.Single(settled.Moves).IsDelete);
        var move = Assert.Single(fresh.Moves);
        Assert.Equal("m.large", Assert.Single(move.Replacements).InstanceType);
    }

    [Fact]
    public void Decide_PendingPods_KeepTheRoomTheyNeed()
    {
        var pending = new PodBuilder("waiting").Cpu("2").Memory("1Gi").Build();

        var plan = Consolidator.Decide(UnderusedAndBusy().Pending(pending).Build());

        // b's 2 free vCPUs go to the pending pod; a is not simply deleted, and what the move buys pays for both.
        var move = Assert.Single(plan.Moves);
        Assert.False(move.IsDelete);
        Assert.Contains(move.Replacements.SelectMany(r => r.Pods), p => p.Name == "small");
    }

    [Theory]
    [InlineData(20, true, true)]
    [InlineData(14, true, false)]
    [InlineData(20, false, false)]
    public void Decide_SpotToSpot_OnlyWithFifteenCheaperOptions(int cheaperTypes, bool enabled, bool replaced)
    {
        var types = Enumerable.Range(0, cheaperTypes).Select(i => TestCatalog.Type($"s{i:d2}.large", 2, 8, 0.5m, spotPrice: 0.010m + (i * 0.001m)))
            .Append(TestCatalog.Type("big.4xlarge", 16, 64, 2m, spotPrice: 0.60m))
            .ToList();
        var pool = FleetBuilder.Pool() with
        {
            Requirements = RequirementSet.Of([Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.Spot)]),
        };
        var fleet = new FleetBuilder(new InstanceCatalog(types)).WithPool(pool).Node("a", "big.4xlarge", capacityType: CapacityTypes.Spot).Pod("web", "a", "1");

        var plan = Consolidator.Decide(fleet.Build(new ConsolidationOptions { SpotToSpot = enabled }));

        Assert.Equal(replaced, plan.Moves.Count == 1);
        if (replaced)
        {
            var replacement = Assert.Single(plan.Moves[0].Replacements);
            Assert.Equal(15, replacement.InstanceTypeOptions.Count);
            Assert.Equal("s00.large", replacement.InstanceType);
            Assert.DoesNotContain("s15.large", replacement.InstanceTypeOptions);
        }
    }

    [Fact]
    public void Decide_SavingsThreshold_RefusesMovesThatSaveTooLittlePerPod()
    {
        var input = new FleetBuilder(Linear).Node("a", "m.xlarge").Pod("web", "a", "1").Build();

        // Replacing the xlarge by a large saves $0.10/h in the worst case; the disruption cost is 2 (node + pod).
        Assert.Single(Consolidator.Decide(input with { Options = new() { SavingsPerDisruption = 0.049m } }).Moves);
        Assert.Empty(Consolidator.Decide(input with { Options = new() { SavingsPerDisruption = 0.05m } }).Moves);
    }

    [Fact]
    public void Decide_Balanced_RefusesAMarginalMoveThatWhenEmptyOrUnderutilizedTakes()
    {
        // Karpenter's marginal case: eight pods moved to save a small part of the pool's cost.
        var cheapLarge = new InstanceCatalog([TestCatalog.Type("a.large", 2, 8, 0.15m), TestCatalog.Type("a.xlarge", 4, 16, 0.20m)]);
        FleetBuilder Fleet(string policy)
        {
            var fleet = new FleetBuilder(cheapLarge).WithPool(FleetBuilder.Pool(policy: policy)).Node("m", "a.xlarge");
            for (var p = 0; p < 8; p++)
            {
                fleet.Pod($"m-{p}", "m", "100m");
            }

            for (var n = 0; n < 10; n++)
            {
                fleet.Node($"w{n}", "a.xlarge");
                for (var p = 0; p < 8; p++)
                {
                    fleet.Pod($"w{n}-{p}", $"w{n}", "490m");
                }
            }

            return fleet;
        }

        // Karpenter takes any saving; so does this with no savings threshold.
        var karpenter = new ConsolidationOptions { SavingsPerDisruption = 0 };
        var underutilized = Consolidator.Decide(Fleet(DisruptionSettings.WhenEmptyOrUnderutilized).Build(karpenter));
        var balanced = Consolidator.Decide(Fleet(DisruptionSettings.Balanced).Build(karpenter));

        Assert.Equal("m", Assert.Single(Assert.Single(underutilized.Moves).Candidates).Name);
        Assert.Empty(balanced.Moves);

        // By default the move must pay for itself: $0.05/h for eight pods and a node is under $0.01/h each.
        Assert.Empty(Consolidator.Decide(Fleet(DisruptionSettings.WhenEmptyOrUnderutilized).Build()).Moves);
    }

    [Fact]
    public void Decide_IndependentMoves_AllTakenInOnePassWithoutSharingRoom()
    {
        // Two underused nodes, and two busy nodes with room for one of their pods each.
        var fleet = new FleetBuilder(Linear)
            .Node("a", "m.xlarge").Pod("a0", "a", "3")
            .Node("b", "m.xlarge").Pod("b0", "b", "3")
            .Node("c", "m.2xlarge").Pod("c0", "c", "5")
            .Node("d", "m.2xlarge").Pod("d0", "d", "5");

        var plan = Consolidator.Decide(fleet.Build());

        Assert.Equal(2, plan.Moves.Count);
        Assert.All(plan.Moves, m => Assert.True(m.IsDelete));
        Assert.Equal(["a", "b"], plan.Moves.SelectMany(m => m.Candidates).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["c", "d"], plan.Moves.SelectMany(m => m.Placements).Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Decide_NodesNoSingleMoveCanPayFor_AreNotPlanned()
    {
        // Ten nodes full of memory: no pod fits elsewhere and a node that holds one costs as much as its own, so the
        // bound rules every single node out without a plan; only the multi-node search plans (two runs that fail).
        var fleet = new FleetBuilder(Linear);
        for (var i = 0; i < 10; i++)
        {
            fleet.Node($"n{i}", "m.xlarge").Pod($"p{i}", $"n{i}", "1", "15Gi");
        }

        var plan = Consolidator.Decide(fleet.Build());

        Assert.Empty(plan.Moves);
        Assert.Equal(10, plan.Candidates);
        Assert.Equal(2, plan.PlannerRuns);
    }

    [Fact]
    public void Decide_DestinationsThatHoldNoDisplacedPod_LeaveTheMoveAsItWas()
    {
        // Node a's pod fits only on b; c to f are full. Leaving the full ones out of the plan changes nothing.
        var fleet = new FleetBuilder(Linear)
            .Node("a", "m.xlarge").Pod("a0", "a", "1", "2Gi")
            .Node("b", "m.2xlarge").Pod("b0", "b", "6", "8Gi");
        foreach (var full in new[] { "c", "d", "e", "f" })
        {
            fleet.Node(full, "m.xlarge").Pod($"{full}0", full, "3500m", "15Gi");
        }

        var move = Assert.Single(Consolidator.Decide(fleet.Build()).Moves);

        Assert.True(move.IsDelete);
        Assert.Equal(("a", "b"), (Assert.Single(move.Candidates).Name, Assert.Single(move.Placements).Name));
    }

    [Fact]
    public void Decide_SameInputInAnyOrder_SameMoves()
    {
        var input = UnderusedAndBusy().Node("c", "m.2xlarge").Pod("c0", "c", "1").Node("d", "m.xlarge").Pod("d0", "d", "500m").Build();
        var reversed = input with { Disruption = input.Disruption with { Claims = [.. input.Disruption.Claims.Reverse()] } };

        Assert.Equal(Describe(Consolidator.Decide(input)), Describe(Consolidator.Decide(reversed)));
    }

    [Fact]
    public void Revalidate_PodArrivedOnTheDestination_DropsTheMove()
    {
        var decided = Consolidator.Decide(UnderusedAndBusy().Build()).Moves;
        var newer = UnderusedAndBusy().Pod("arrived", "b", "1500m").Build();

        Assert.Single(Consolidator.Revalidate(UnderusedAndBusy().Build(), decided));
        Assert.Empty(Consolidator.Revalidate(newer, decided));
    }

    [Fact]
    public void Revalidate_CandidateGotPodsOrWentAway_DropsTheMove()
    {
        var decided = Consolidator.Decide(UnderusedAndBusy().Build()).Moves;

        Assert.Empty(Consolidator.Revalidate(UnderusedAndBusy().Changed("a", FleetBuilder.Now).Build(), decided));
        Assert.Empty(Consolidator.Revalidate(new FleetBuilder(Linear).Node("b", "m.2xlarge").Pod("big", "b", "6").Build(), decided));
    }

    private static List<string> Describe(ConsolidationPlan plan) =>
    [
        .. plan.Moves.Select(m => $"{string.Join(",", m.Candidates.Select(c => c.Name))} -> {string.Join(",", m.Replacements.Select(r => r.InstanceType))} / "
            + string.Join(";", m.Placements.Select(p => $"{p.Name}:{string.Join(",", p.Pods.Select(x => x.Name))}"))),
    ];
}
