using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Core;

/// <summary>
/// NodeFit over every node of a 5,000-node / 50,000-pod cluster (2,500 pods in the pod's namespace, 500 bound pods
/// with hostname anti-affinity), preparation included: the Core share of one filter call. The plain pod asks for
/// resources only; the realistic one adds a node selector, node affinity, a toleration and hostname anti-affinity.
/// </summary>
[MemoryDiagnoser]
public class NodeFitBenchmarks
{
    private ClusterSnapshot _snapshot = ClusterSnapshot.Empty;
    private Pod _plain = null!;
    private Pod _realistic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = LargeCluster.State().Current;
        _plain = new PodBuilder("plain").Namespace("team-3").Label("app", "plain").Cpu("1500m").Memory("4Gi").Build();
        _realistic = new PodBuilder("inference-worker").Namespace("team-3").Label("app", "app-3").Cpu("1500m").Memory("4Gi")
            .NodeSelector("node.kubernetes.io/instance-type", "m5.4xlarge")
            .RequireNodeAffinity(Expr.In("topology.kubernetes.io/zone", "us-east-1a", "us-east-1b"))
            .Toleration("dedicated", "inference", "NoSchedule")
            .AntiAffinity("kubernetes.io/hostname", ("app", "app-3"))
            .Build();
    }

    [Benchmark]
    public int PlainPodAllNodes() => EvaluateAll(_plain);

    [Benchmark]
    public int RealisticPodAllNodes() => EvaluateAll(_realistic);

    [Benchmark]
    public PreparedPod RealisticPodPrepareOnly() => NodeFit.Prepare(_realistic, _snapshot);

    [Benchmark]
    public int RealisticPodAllNodesByName()
    {
        var prepared = NodeFit.Prepare(_realistic, _snapshot);
        var nodes = _snapshot.Nodes;
        var fits = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            fits += _snapshot.FindNode(nodes[i].Node.Name) is { } node && NodeFit.Evaluate(prepared, node).Fits ? 1 : 0;
        }

        return fits;
    }

    private int EvaluateAll(Pod pod)
    {
        var prepared = NodeFit.Prepare(pod, _snapshot);
        var nodes = _snapshot.Nodes;
        var fits = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            fits += NodeFit.Evaluate(prepared, nodes[i]).Fits ? 1 : 0;
        }

        return fits;
    }
}
