using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Scheduling;

public sealed class NodeFitTests
{
    public static TheoryData<string, PodBuilder, NodeBuilder, FitOutcome, string> Predicates => new()
    {
        { "plain pod on plain node", new PodBuilder("p").Cpu("1"), new NodeBuilder("n1"), FitOutcome.Fits, "" },

        // NodeUnschedulable
        { "cordoned", new PodBuilder("p"), new NodeBuilder("n1").Cordoned(), FitOutcome.UnschedulableAndUnresolvable, "node(s) were unschedulable" },
        { "cordoned but tolerated", new PodBuilder("p").TolerationExists("node.kubernetes.io/unschedulable", "NoSchedule"), new NodeBuilder("n1").Cordoned(), FitOutcome.Fits, "" },
        { "cordoned, tolerate everything", new PodBuilder("p").TolerationExists(""), new NodeBuilder("n1").Cordoned(), FitOutcome.Fits, "" },

        // TaintToleration
        { "untolerated NoSchedule", new PodBuilder("p"), new NodeBuilder("n1").Taint("dedicated", "inference", "NoSchedule"), FitOutcome.UnschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: inference}" },
        { "untolerated NoExecute", new PodBuilder("p"), new NodeBuilder("n1").Taint("spot", "", "NoExecute"), FitOutcome.UnschedulableAndUnresolvable, "node(s) had untolerated taint {spot: }" },
        { "PreferNoSchedule ignored", new PodBuilder("p"), new NodeBuilder("n1").Taint("soft", "x", "PreferNoSchedule"), FitOutcome.Fits, "" },
        { "tolerated Equal", new PodBuilder("p").Toleration("dedicated", "inference", "NoSchedule"), new NodeBuilder("n1").Taint("dedicated", "inference", "NoSchedule"), FitOutcome.Fits, "" },
        { "Equal wrong value", new PodBuilder("p").Toleration("dedicated", "batch"), new NodeBuilder("n1").Taint("dedicated", "inference", "NoSchedule"), FitOutcome.UnschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: inference}" },
        { "Exists any value", new PodBuilder("p").TolerationExists("dedicated"), new NodeBuilder("n1").Taint("dedicated", "inference", "NoExecute"), FitOutcome.Fits, "" },
        { "second taint untolerated", new PodBuilder("p").TolerationExists("a"), new NodeBuilder("n1").Taint("a", "1", "NoSchedule").Taint("b", "2", "NoSchedule"), FitOutcome.UnschedulableAndUnresolvable, "node(s) had untolerated taint {b: 2}" },

        // NodeAffinity
        { "selector mismatch", new PodBuilder("p").NodeSelector("topology.kubernetes.io/zone", "us-east-1b"), new NodeBuilder("n1").Zone("us-east-1a"), FitOutcome.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector" },
        { "affinity mismatch", new PodBuilder("p").RequireNodeAffinity(Expr.In("node.kubernetes.io/instance-type", "c5.xlarge")), new NodeBuilder("n1").InstanceType("m5.large"), FitOutcome.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector" },
        { "affinity match", new PodBuilder("p").RequireNodeAffinity(Expr.In("node.kubernetes.io/instance-type", "m5.large")), new NodeBuilder("n1").InstanceType("m5.large"), FitOutcome.Fits, "" },

        // NodeResourcesFit
        { "insufficient cpu", new PodBuilder("p").Cpu("4100m"), new NodeBuilder("n1").Cpu("4"), FitOutcome.Unschedulable, "Insufficient cpu" },
        { "cpu exactly fits", new PodBuilder("p").Cpu("4"), new NodeBuilder("n1").Cpu("4"), FitOutcome.Fits, "" },
        { "insufficient memory", new PodBuilder("p").Memory("17Gi"), new NodeBuilder("n1").Memory("16Gi"), FitOutcome.Unschedulable, "Insufficient memory" },
        { "gpu on node without gpus", new PodBuilder("p").Gpu(1), new NodeBuilder("n1"), FitOutcome.Unschedulable, "Insufficient nvidia.com/gpu" },
        { "gpu fits", new PodBuilder("p").Gpu(2), new NodeBuilder("n1").Gpu(4), FitOutcome.Fits, "" },
        { "extended resource", new PodBuilder("p").Request("vpc.amazonaws.com/pod-eni", "1"), new NodeBuilder("n1"), FitOutcome.Unschedulable, "Insufficient vpc.amazonaws.com/pod-eni" },
        { "hugepages", new PodBuilder("p").Request("hugepages-2Mi", "4Mi"), new NodeBuilder("n1").Allocatable("hugepages-2Mi", "2Mi"), FitOutcome.Unschedulable, "Insufficient hugepages-2Mi" },
        { "zero request of missing resource", new PodBuilder("p").Request("example.com/dongle", "0"), new NodeBuilder("n1"), FitOutcome.Fits, "" },
        { "pod slots exhausted", new PodBuilder("p"), new NodeBuilder("n1").Pods(0), FitOutcome.Unschedulable, "Too many pods" },
        { "pods reported before cpu", new PodBuilder("p").Cpu("64"), new NodeBuilder("n1").Pods(0), FitOutcome.Unschedulable, "Too many pods" },
        { "cpu before memory", new PodBuilder("p").Cpu("64").Memory("1Ti"), new NodeBuilder("n1"), FitOutcome.Unschedulable, "Insufficient cpu" },
        { "memory before ephemeral storage", new PodBuilder("p").Memory("1Ti").Request("ephemeral-storage", "1Ti"), new NodeBuilder("n1"), FitOutcome.Unschedulable, "Insufficient memory" },
        { "ephemeral storage before extended", new PodBuilder("p").Request("ephemeral-storage", "1Ti").Gpu(1), new NodeBuilder("n1"), FitOutcome.Unschedulable, "Insufficient ephemeral-storage" },
        { "extended by name", new PodBuilder("p").Gpu(1).Request("aws.amazon.com/neuron", "1"), new NodeBuilder("n1"), FitOutcome.Unschedulable, "Insufficient aws.amazon.com/neuron" },

        // Upstream filter order: the first failing plugin is reported.
        { "cordon before taint", new PodBuilder("p"), new NodeBuilder("n1").Cordoned().Taint("a", "1", "NoSchedule"), FitOutcome.UnschedulableAndUnresolvable, "node(s) were unschedulable" },
        { "taint before affinity", new PodBuilder("p").NodeSelector("x", "y"), new NodeBuilder("n1").Taint("a", "1", "NoSchedule"), FitOutcome.UnschedulableAndUnresolvable, "node(s) had untolerated taint {a: 1}" },
        { "affinity before resources", new PodBuilder("p").NodeSelector("x", "y").Cpu("64"), new NodeBuilder("n1"), FitOutcome.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector" },
    };

    [Theory]
    [MemberData(nameof(Predicates))]
    public void Evaluate_SingleNode_ReportsUpstreamOutcomeAndReason(string scenario, PodBuilder pod, NodeBuilder node, FitOutcome outcome, string reason)
    {
        var state = new ClusterState();
        state.UpsertNode(node.Build());
        var snapshot = state.Current;

        var result = NodeFit.Evaluate(pod.Build(), snapshot.Nodes[0], snapshot);
        var byPosition = NodeFit.Evaluate(NodeFit.Prepare(pod.Build(), snapshot), 0);

        Assert.Equal((outcome, reason), (result.Outcome, result.Reason));
        Assert.Equal(outcome == FitOutcome.Fits, result.Fits);
        Assert.Equal(result, byPosition);
        Assert.NotEmpty(scenario);
    }

    [Fact]
    public void Evaluate_ResourcesUsedByBoundPods_AreNotAvailable()
    {
        var snapshot = Snapshot(
            [new NodeBuilder("n1").Cpu("4").Pods(2).Build()],
            [new PodBuilder("a").Cpu("3").OnNode("n1").Build()]);

        Assert.Equal("Insufficient cpu", NodeFit.Evaluate(new PodBuilder("p").Cpu("1500m").Build(), snapshot.Nodes[0], snapshot).Reason);
        Assert.True(NodeFit.Evaluate(new PodBuilder("p").Cpu("1").Build(), snapshot.Nodes[0], snapshot).Fits);
    }

    [Fact]
    public void Evaluate_FullNodeCountsPodSlots_ReportsTooManyPods()
    {
        var snapshot = Snapshot(
            [new NodeBuilder("n1").Pods(2).Build()],
            [new PodBuilder("a").OnNode("n1").Build(), new PodBuilder("b").OnNode("n1").Build()]);

        Assert.Equal("Too many pods", NodeFit.Evaluate(new PodBuilder("p").Build(), snapshot.Nodes[0], snapshot).Reason);
    }

    [Fact]
    public void Evaluate_CapacityHeldForOthers_IsSubtractedFromFree()
    {
        var snapshot = Snapshot([new NodeBuilder("n1").Cpu("4").Build()], []);
        var pod = new PodBuilder("p").Cpu("2").Build();

        var held = NodeFit.Evaluate(pod, snapshot.Nodes[0], snapshot, ResourceList.Of(("cpu", 2_500)));
        var notHeld = NodeFit.Evaluate(pod, snapshot.Nodes[0], snapshot, ResourceList.Of(("cpu", 2_000)));

        Assert.Equal((FitOutcome.Unschedulable, "Insufficient cpu"), (held.Outcome, held.Reason));
        Assert.True(notHeld.Fits);
    }

    [Fact]
    public void Evaluate_HostPortTakenOnNode_ReportsNodePorts()
    {
        var snapshot = Snapshot([new NodeBuilder("n1").Build()], [new PodBuilder("exporter").HostPort(9100).OnNode("n1").Build()]);

        var result = NodeFit.Evaluate(new PodBuilder("p").HostPort(9100).Build(), snapshot.Nodes[0], snapshot);

        Assert.Equal((FitOutcome.Unschedulable, "node(s) didn't have free ports for the requested pod ports"), (result.Outcome, result.Reason));
    }

    [Fact]
    public void Evaluate_NodeOutsideSnapshot_UsesGivenNodeState()
    {
        var snapshot = Snapshot([], [new PodBuilder("a").Cpu("3").OnNode("given").Build()]);
        var given = new NodeState(new NodeBuilder("given").Cpu("4").Build(), snapshot.PodsBoundTo("given"), ResourceList.Of(("cpu", 3_000), ("pods", 1_000)));

        Assert.Equal("Insufficient cpu", NodeFit.Evaluate(new PodBuilder("p").Cpu("2").Build(), given, snapshot).Reason);
    }

    [Fact]
    public void Evaluate_PreparedPod_AllocatesNothingPerNode()
    {
        var nodes = Enumerable.Range(0, 50).Select(i => new NodeBuilder($"n{i}").Zone(i % 2 == 0 ? "a" : "b")
            .Taint("dedicated", "ml", "NoSchedule").Build()).ToList();
        var pods = Enumerable.Range(0, 100).Select(i => new PodBuilder($"w{i}").Label("app", i % 3 == 0 ? "web" : "db").Cpu("100m")
            .AntiAffinity("kubernetes.io/hostname", ("app", "cache")).OnNode($"n{i % 50}").Build());
        var snapshot = Snapshot(nodes, pods);
        var pod = NodeFit.Prepare(
            new PodBuilder("web").Label("app", "web").Cpu("500m").Memory("1Gi").NodeSelector("topology.kubernetes.io/zone", "a")
                .RequireNodeAffinity(Expr.In("topology.kubernetes.io/zone", "a", "b")).Toleration("dedicated", "ml", "NoSchedule")
                .AntiAffinity("kubernetes.io/hostname", ("app", "web")).Build(),
            snapshot);
        EvaluateAll(pod, snapshot);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var fits = EvaluateAll(pod, snapshot);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.InRange(fits, 1, 49);
    }

    /// <summary>
    /// Evaluating by node position reads the snapshot's label columns instead of each node's labels; on generated
    /// clusters and pods (every selector operator, taints, cordons, shortfalls, pod (anti-)affinity) it must give
    /// exactly the verdicts of the label-dictionary path.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Evaluate_ByNodePosition_AgreesWithEvaluateByNodeState(int seed)
    {
        var random = new Random(seed);
        var nodes = Enumerable.Range(0, 40).Select(i => RandomNode(random, $"n{i}")).ToList();
        var residents = Enumerable.Range(0, 60).Select(i => RandomPod(random, $"r{i}").OnNode($"n{random.Next(45)}").Build());
        var snapshot = Snapshot(nodes, residents);
        var outcomes = new HashSet<string>();

        for (var p = 0; p < 30; p++)
        {
            var pod = NodeFit.Prepare(RandomPod(random, $"p{p}").Build(), snapshot);
            for (var i = 0; i < snapshot.Nodes.Count; i++)
            {
                var expected = NodeFit.Evaluate(pod, snapshot.Nodes[i]);
                Assert.Equal(expected, NodeFit.Evaluate(pod, i));
                outcomes.Add(expected.Reason);
            }
        }

        // The generator must reach passes and several predicates, or the agreement says little.
        Assert.InRange(outcomes.Count, 5, int.MaxValue);
    }

    private static readonly string[] Keys = ["zone", "tier", "size", "gpu"];
    private static readonly string[] Values = ["a", "b", "c", "1", "8", "16"];
    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

    private static Node RandomNode(Random random, string name)
    {
        var node = new NodeBuilder(name).Cpu(random.Next(2) == 0 ? "2" : "8");
        foreach (var key in Keys.Where(_ => random.Next(3) > 0))
        {
            node.Label(key, Values[random.Next(Values.Length)]);
        }

        if (random.Next(5) == 0)
        {
            node.Taint("dedicated", Values[random.Next(2)], "NoSchedule");
        }

        return random.Next(10) == 0 ? node.Cordoned().Build() : node.Build();
    }

    private static PodBuilder RandomPod(Random random, string name)
    {
        var pod = new PodBuilder(name).Label("app", Values[random.Next(3)]).Cpu(random.Next(2) == 0 ? "1" : "3");
        if (random.Next(3) == 0)
        {
            pod.NodeSelector(Keys[random.Next(Keys.Length)], Values[random.Next(Values.Length)]);
        }

        for (var t = random.Next(3); t > 0; t--)
        {
            pod.RequireNodeAffinity([.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => RandomRequirement(random))]);
        }

        if (random.Next(4) == 0)
        {
            pod.Toleration("dedicated", Values[random.Next(2)], "NoSchedule");
        }

        if (random.Next(3) == 0)
        {
            pod.AntiAffinity(random.Next(2) == 0 ? "kubernetes.io/hostname" : "zone", ("app", Values[random.Next(3)]));
        }

        if (random.Next(5) == 0)
        {
            pod.Affinity(random.Next(2) == 0 ? "zone" : "tier", ("app", Values[random.Next(3)]));
        }

        return pod;
    }

    private static NodeSelectorRequirement RandomRequirement(Random random)
    {
        var op = Operators[random.Next(Operators.Length)];
        var values = op switch
        {
            "Exists" or "DoesNotExist" => [],
            "Gt" or "Lt" => [Values[3 + random.Next(3)]],
            _ => Values.Where(_ => random.Next(3) == 0).DefaultIfEmpty("a").ToArray(),
        };
        return new NodeSelectorRequirement(Keys[random.Next(Keys.Length)], op, values);
    }

    private static int EvaluateAll(PreparedPod pod, ClusterSnapshot snapshot)
    {
        var fits = 0;
        for (var i = 0; i < snapshot.Nodes.Count; i++)
        {
            fits += NodeFit.Evaluate(pod, snapshot.Nodes[i]).Fits ? 1 : 0;
            fits += NodeFit.Evaluate(pod, i).Fits ? 1 : 0;
        }

        return fits / 2;
    }

    private static ClusterSnapshot Snapshot(IEnumerable<Node> nodes, IEnumerable<Pod> pods)
    {
        var state = new ClusterState();
        state.Replace(nodes, pods);
        return state.Current;
    }
}
