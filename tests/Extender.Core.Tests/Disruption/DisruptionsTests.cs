using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Planning;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Disruption;

public sealed class DisruptionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ConsolidateAfter = TimeSpan.FromMinutes(1);

    private static NodePool Pool(string nodes = "100%", string policy = DisruptionSettings.WhenEmpty, TimeSpan? consolidateAfter = null, TimeSpan? expireAfter = null) => new()
    {
        Name = "default",
        ExpireAfter = expireAfter,
        Disruption = new DisruptionSettings(policy, consolidateAfter ?? ConsolidateAfter, [new DisruptionBudget { Nodes = nodes }]),
    };

    private static NodeClaim Claim(int i, bool initialized = true, bool deleting = false) => new()
    {
        Name = $"claim-{i:d2}",
        NodePool = "default",
        NodeClass = "default",
        CreatedAt = Now.AddHours(-10).AddMinutes(i),
        DeletedAt = deleting ? Now.AddMinutes(-1) : null,
        Status = new NodeClaimStatus
        {
            NodeName = $"node-{i:d2}",
            Conditions = initialized ? [new NodeClaimCondition(NodeClaimConditionTypes.Initialized, true, "Initialized", "", Now.AddHours(-9))] : [],
        },
    };

    private static DisruptionPlan Decide(
        NodePool pool,
        IReadOnlyList<NodeClaim> claims,
        IEnumerable<Pod>? pods = null,
        Func<int, Node, Node>? node = null,
        DateTimeOffset? lastPodChange = null,
        Func<NodeClaim, bool>? holds = null,
        Func<NodeClaim, NodeState, NodePool, Drift?>? drift = null,
        IReadOnlyList<StartedDisruption>? started = null,
        PodBudgets? budgets = null,
        int preSpinWaves = 0)
    {
        var state = new ClusterState();
        state.Replace(claims.Select((c, i) => (node ?? ((_, n) => n))(i, new NodeBuilder(c.Status.NodeName!).Cpu("4").Build())), pods ?? []);
        return Disruptions.Decide(new DisruptionInput(
            claims,
            state.Current,
            new Dictionary<string, NodePool> { [pool.Name] = pool },
            holds ?? (_ => false),
            _ => lastPodChange ?? Now.AddMinutes(-5),
            drift ?? ((_, _, _) => null),
            Now)
        {
            Started = _ => started ?? [],
            PodBudgets = budgets ?? PodBudgets.None,
            PreSpinWaves = preSpinWaves,
        });
    }

    [Theory]
    [InlineData(DisruptionSettings.WhenEmpty)]
    [InlineData(DisruptionSettings.WhenEmptyOrUnderutilized)]
    [InlineData(DisruptionSettings.Balanced)]
    public void Decide_EmptyPastConsolidateAfter_DisruptsAsEmpty(string policy)
    {
        var plan = Decide(Pool(policy: policy), [Claim(0)], pods: [new PodBuilder("agent").OnNode("node-00").Phase("Running").OwnedBy("DaemonSet").Build()]);

        var decision = Assert.Single(plan.Disrupt);
        Assert.Equal(DisruptionReasons.Empty, decision.Reason);
    }

    [Theory]
    [InlineData("workload")]
    [InlineData("recent")]
    [InlineData("reserved")]
    [InlineData("uninitialized")]
    [InlineData("deleting")]
    [InlineData("never")]
    public void Decide_NotEmptyOrNotYet_LeavesTheNode(string why)
    {
        var pods = why == "workload" ? [new PodBuilder("web").OnNode("node-00").Phase("Running").OwnedBy("ReplicaSet").Build()] : new List<Pod>();
        var claim = Claim(0, initialized: why != "uninitialized", deleting: why == "deleting");
        var pool = why == "never" ? Pool() with { Disruption = Pool().Disruption with { ConsolidateAfter = null } } : Pool();

        var plan = Decide(pool, [claim], pods, lastPodChange: why == "recent" ? Now.AddSeconds(-59) : null, holds: _ => why == "reserved");

        Assert.Empty(plan.Disrupt);
        Assert.Empty(plan.Blocked);
    }

    [Theory]
    [InlineData("pod-true", true)]
    [InlineData("pod-duration-running", true)]
    [InlineData("pod-duration-over", false)]
    [InlineData("node-true", true)]
    public void Decide_DoNotDisrupt_KeepsTheCandidateAndSaysWhy(string annotated, bool kept)
    {
        var pods = annotated.StartsWith("pod", StringComparison.Ordinal)
            ? [new PodBuilder("agent").OnNode("node-00").Phase("Running").OwnedBy("DaemonSet").CreatedAt(Now.AddHours(-2))
                .DoNotDisrupt(annotated switch { "pod-true" => "true", "pod-duration-running" => "3h", _ => "1h" }).Build()]
            : new List<Pod>();

        var plan = Decide(Pool(), [Claim(0)], pods, node: (_, n) => annotated == "node-true" ? n with { DoNotDisrupt = "true" } : n);

        Assert.Equal(kept ? 0 : 1, plan.Disrupt.Count);
        Assert.Equal(kept ? 1 : 0, plan.Blocked.Count);
        Assert.All(plan.Blocked, b => Assert.Contains("do-not-disrupt", b.Message, StringComparison.Ordinal));
    }

    /// <summary>As Karpenter: a PodDisruptionBudget that lets none of a node's pods go keeps a drifted node (and says which); expiry goes anyway and the drain waits on the budget.</summary>
    [Theory]
    [InlineData(0, false, true)]
    [InlineData(1, false, false)]
    [InlineData(0, true, false)]
    public void Decide_PodDisruptionBudget_KeepsAGracefulCandidateItWouldNotLetGo(int allowed, bool expired, bool kept)
    {
        var pods = new[] { new PodBuilder("web").Label("app", "web").OnNode("node-00").Phase("Running").OwnedBy("ReplicaSet").Build() };
        var budgets = new PodBudgets([new PodBudget("default", "web-pdb", new LabelSelector(new Dictionary<string, string> { ["app"] = "web" }, []), allowed)]);

        var plan = Decide(Pool(expireAfter: expired ? TimeSpan.FromHours(10) : null), [Claim(0)], pods, drift: (_, _, _) => new Drift("NodePoolDrifted", "template changed"), budgets: budgets);

        Assert.Equal(kept ? 0 : 1, plan.Disrupt.Count);
        Assert.Equal(kept ? ["PodDisruptionBudget default/web-pdb allows no disruption of pod default/web"] : [], plan.Blocked.Select(b => b.Message));
    }

    [Fact]
    public void Decide_Budget_TakesTheOldestWithinItAndBlocksTheRest()
    {
        var claims = Enumerable.Range(0, 20).Select(i => Claim(i)).Reverse().ToList();

        var plan = Decide(Pool(nodes: "10%"), claims);

        Assert.Equal(["claim-00", "claim-01"], plan.Disrupt.Select(d => d.Claim.Name));
        Assert.Equal(18, plan.Blocked.Count);
        Assert.Contains("budget", plan.Blocked[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NodesAlreadyDisrupting_CountAgainstTheBudget()
    {
        var claims = Enumerable.Range(0, 20).Select(i => Claim(i, deleting: i < 1)).ToList();

        var plan = Decide(Pool(nodes: "10%"), claims, node: (i, n) => i == 1 ? n with { Ready = false } : n);

        Assert.Empty(plan.Disrupt);
    }

    [Fact]
    public void Decide_Expired_GoesWhateverTheBudgetAndAnnotationsSay()
    {
        var pods = new[] { new PodBuilder("web").OnNode("node-00").Phase("Running").DoNotDisrupt("true").Build() };

        var plan = Decide(Pool(nodes: "0", expireAfter: TimeSpan.FromHours(10)), [Claim(0), Claim(1)], pods);

        var expired = Assert.Single(plan.Disrupt);
        Assert.Equal(("claim-00", DisruptionReasons.Expired), (expired.Claim.Name, expired.Reason));
    }

    [Fact]
    public void Decide_Drifted_SeveralAtATimeWithinTheBudgetOldestFirst()
    {
        var claims = Enumerable.Range(0, 10).Select(i => Claim(i)).ToList();
        var pods = claims.Select(c => new PodBuilder($"web-{c.Name}").OnNode(c.Status.NodeName!).Phase("Running").OwnedBy("ReplicaSet").Build());

        var plan = Decide(Pool(nodes: "30%"), claims, pods, drift: (_, _, _) => new Drift(DriftReasons.NodePoolDrifted, "the template changed"));

        Assert.Equal(["claim-00", "claim-01", "claim-02"], plan.Disrupt.Select(d => d.Claim.Name));
        Assert.All(plan.Disrupt, d => Assert.Equal(DisruptionReasons.Drifted, d.Reason));
    }

    [Theory]
    [InlineData("3", 0, 0, 3)]
    [InlineData("3", 2, 30, 1)]
    [InlineData("3", 3, 59, 0)]
    [InlineData("3", 3, 61, 3)]
    [InlineData("20%", 0, 0, 2)]
    [InlineData("20%", 1, 10, 1)]
    public void Decide_MaxPerHour_StartsNoMoreThanTheRollingHourLeaves(string maxPerHour, int startedBefore, int minutesAgo, int expected)
    {
        var claims = Enumerable.Range(0, 10).Select(i => Claim(i)).ToList();
        var pods = claims.Select(c => new PodBuilder($"web-{c.Name}").OnNode(c.Status.NodeName!).Phase("Running").OwnedBy("ReplicaSet").Build());
        var pool = Pool() with { Disruption = Pool().Disruption with { Budgets = [new DisruptionBudget { Nodes = "100%", MaxPerHour = maxPerHour }] } };
        var started = Enumerable.Repeat(new StartedDisruption(DisruptionReasons.Drifted, Now.AddMinutes(-minutesAgo)), startedBefore).ToList();

        var plan = Decide(pool, claims, pods, drift: (_, _, _) => new Drift(DriftReasons.NodePoolDrifted, "the template changed"), started: started);

        Assert.Equal(claims.Take(expected).Select(c => c.Name), plan.Disrupt.Select(d => d.Claim.Name));
        Assert.Equal(10 - expected, plan.Blocked.Count);
    }

    [Fact]
    public void Decide_MaxPerHourForOtherReasonsOrExpiry_DoesNotLimit()
    {
        var claims = Enumerable.Range(0, 4).Select(i => Claim(i)).ToList();
        var pods = claims.Select(c => new PodBuilder($"web-{c.Name}").OnNode(c.Status.NodeName!).Phase("Running").OwnedBy("ReplicaSet").Build());
        var pool = Pool() with
        {
            Disruption = Pool().Disruption with { Budgets = [new DisruptionBudget { Nodes = "100%", MaxPerHour = "0", Reasons = [DisruptionReasons.Empty] }] },
        };
        var expiring = Pool(expireAfter: TimeSpan.FromHours(1)) with { Disruption = new DisruptionSettings(DisruptionSettings.WhenEmpty, ConsolidateAfter, [new DisruptionBudget { Nodes = "100%", MaxPerHour = "0" }]) };

        var drifted = Decide(pool, claims, pods, drift: (_, _, _) => new Drift(DriftReasons.NodePoolDrifted, "the template changed"));
        var expired = Decide(expiring, claims, pods);

        Assert.Equal(4, drifted.Disrupt.Count);
        Assert.Equal(4, expired.Disrupt.Count(d => d.Reason == DisruptionReasons.Expired));
    }

    [Fact]
    public void Decide_ClaimsDeletingAndDecided_CountedAsDisrupting()
    {
        var claims = new[] { Claim(0, deleting: true), Claim(1), Claim(2) };
        var pods = claims.Select(c => new PodBuilder($"web-{c.Name}").OnNode(c.Status.NodeName!).Phase("Running").OwnedBy("ReplicaSet").Build());

        var plan = Decide(Pool(), claims, pods, drift: (c, _, _) => c.Name == "claim-01" ? new Drift(DriftReasons.NodePoolDrifted, "the template changed") : null);
        var quiet = Decide(Pool(), [Claim(1), Claim(2)], pods.Skip(1));

        Assert.Equal(2, plan.Disrupting);
        Assert.Equal(0, quiet.Disrupting);
    }

    private static readonly Func<NodeClaim, NodeState, NodePool, Drift?> AllDrifted = (_, _, _) => new Drift(DriftReasons.NodePoolDrifted, "the template changed");

    private static IEnumerable<Pod> OnePodEach(IEnumerable<NodeClaim> claims) =>
        claims.Select(c => new PodBuilder($"web-{c.Name}").OnNode(c.Status.NodeName!).Phase("Running").OwnedBy("ReplicaSet").Build());

    [Theory]
    [InlineData(0, 0, new[] { "claim-00", "claim-01" }, new string[0])]
    [InlineData(1, 0, new[] { "claim-00", "claim-01" }, new[] { "claim-02", "claim-03" })]
    [InlineData(2, 0, new[] { "claim-00", "claim-01" }, new[] { "claim-02", "claim-03", "claim-04", "claim-05" })]
    [InlineData(1, 1, new[] { "claim-01" }, new[] { "claim-02", "claim-03" })]
    [InlineData(1, 2, new string[0], new[] { "claim-02", "claim-03" })]
    public void Decide_PreSpin_TheNextWavesOfBlockedDriftedNodesOldestFirst(int waves, int deleting, string[] decided, string[] preSpun)
    {
        // Ten nodes, a 20% budget (two at once). A wave ahead is what the budget allows once the nodes disrupting now
        // are gone, whether this pass decided them or an earlier one did.
        var claims = Enumerable.Range(0, 10).Select(i => Claim(i, deleting: i < deleting)).Reverse().ToList();

        var plan = Decide(Pool(nodes: "20%"), claims, OnePodEach(claims), drift: AllDrifted, preSpinWaves: waves);

        Assert.Equal(decided, plan.Disrupt.Select(d => d.Claim.Name));
        Assert.Equal(preSpun, plan.PreSpin.Select(d => d.Claim.Name));
        Assert.All(plan.PreSpin, d => Assert.Contains(d.Claim.Name, plan.Blocked.Select(b => b.Claim.Name)));
        Assert.Equal(decided.Length + deleting, plan.Disrupting);
    }

    [Fact]
    public void Decide_PreSpin_NoneForAShutBudgetProtectedNodesOrEmptyNodes()
    {
        var claims = Enumerable.Range(0, 10).Select(i => Claim(i)).ToList();
        var protectedPod = new PodBuilder("web-claim-02").OnNode("node-02").Phase("Running").OwnedBy("ReplicaSet").DoNotDisrupt("true").Build();
        var pods = OnePodEach(claims).Where(p => p.Name != "web-claim-02").Append(protectedPod).ToList();

        var shut = Decide(Pool(nodes: "0"), claims, pods, drift: AllDrifted, preSpinWaves: 1);
        var annotated = Decide(Pool(nodes: "20%"), claims, pods, drift: AllDrifted, preSpinWaves: 1);
        var empty = Decide(Pool(nodes: "20%"), claims, lastPodChange: Now.AddHours(-1), preSpinWaves: 1);

        Assert.Empty(shut.PreSpin);
        Assert.Equal(["claim-03", "claim-04"], annotated.PreSpin.Select(d => d.Claim.Name));
        Assert.Equal(8, empty.Blocked.Count);
        Assert.Empty(empty.PreSpin);
    }

    [Fact]
    public void PreSpinRelease_GivesUpHoldsOfNodesNoLongerAheadKeepsDecidedAndDeleting()
    {
        var claims = Enumerable.Range(0, 10).Select(i => Claim(i)).ToList();
        var rolling = Decide(Pool(nodes: "20%"), claims, OnePodEach(claims), drift: AllDrifted, preSpinWaves: 1);
        var reverted = Decide(Pool(nodes: "20%"), claims, OnePodEach(claims), preSpinWaves: 1);
        var withDeleting = claims.Select(c => c.Name == "claim-09" ? c with { DeletedAt = Now } : c).ToList();
        string[] spun = ["claim-01", "claim-02", "claim-03", "claim-08", "claim-09", "claim-gone"];

        // Decided (01) and still ahead (02, 03) keep theirs; out of the waves ahead (08) and gone lose theirs.
        Assert.Equal(["claim-08", "claim-09", "claim-gone"], PreSpin.Release(spun, rolling, claims));
        Assert.Equal(["claim-08", "claim-gone"], PreSpin.Release(spun, rolling, withDeleting));
        // The NodePool reverted: nothing is drifted, every hold goes.
        Assert.Equal(spun.Order(StringComparer.Ordinal), PreSpin.Release(spun, reverted, claims));
    }

    [Fact]
    public void PreSpinAvoid_EveryDriftedDecidedOrDeletingNodeNotTheOthers()
    {
        var claims = Enumerable.Range(0, 6).Select(i => Claim(i, deleting: i == 5)).ToList();
        var pods = OnePodEach(claims).Where(p => p.NodeName != "node-03")
            .Append(new PodBuilder("web-claim-03").OnNode("node-03").Phase("Running").OwnedBy("ReplicaSet").DoNotDisrupt("true").Build()).ToList();

        var plan = Decide(Pool(nodes: "20%"), claims, pods, drift: (c, _, _) => c.Name == "claim-04" ? null : AllDrifted(c, null!, null!), preSpinWaves: 1);

        Assert.Equal(["node-00", "node-01", "node-02", "node-03", "node-05"], PreSpin.Avoid(plan, claims).Order(StringComparer.Ordinal));
    }
}
