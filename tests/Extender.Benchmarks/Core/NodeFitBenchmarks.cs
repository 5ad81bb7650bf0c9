using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Core;

/// <summary>
/// NodeFit over every node of a 5,000-node / 50,000-pod cluster for a realistic pod (node selector, affinity,
/// toleration, hostname anti-affinity), preparation included: the Core share of one filter call.
/// </summary>
[MemoryDiagnoser]
public class NodeFitBenchmarks
{
    private ClusterSnapshot _snapshot = ClusterSnapshot.Empty;
    private Pod _pod = null!;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = LargeCluster.State().Current;
        _pod = new PodBuilder("inference-worker").Namespace("team-3").Label("app", "app-3").Cpu("1500m").Memory("4Gi")
            .NodeSelector("node.kubernetes.io/instance-type", "m5.4xlarge")
            .RequireNodeAffinity(Expr.In("topology.kubernetes.io/zone", "us-east-1a", "us-east-1b"))
            .Toleration("dedicated", "inference", "NoSchedule")
            .AntiAffinity("kubernetes.io/hostname", ("app", "app-3"))
            .Build();
    }

    [Benchmark]
    public int PrepareAndEvaluateAllNodes()
    {
        var prepared = NodeFit.Prepare(_pod, _snapshot);
        var nodes = _snapshot.Nodes;
        var fits = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            fits += NodeFit.Evaluate(prepared, nodes[i]).Fits ? 1 : 0;
        }

        return fits;
    }

    [Benchmark]
    public int LookUpAndEvaluateAllNodesByName()
    {
        var prepared = NodeFit.Prepare(_pod, _snapshot);
        var nodes = _snapshot.Nodes;
        var fits = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            fits += _snapshot.FindNode(nodes[i].Node.Name) is { } node && NodeFit.Evaluate(prepared, node).Fits ? 1 : 0;
        }

        return fits;
    }
}
