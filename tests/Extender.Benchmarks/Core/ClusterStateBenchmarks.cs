using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Core;

/// <summary>
/// Cost of one watch event on a 5,000-node / 50,000-pod cluster, each publishing a new snapshot: a bound pod's
/// update, a pending pod's arrival, and a node status update; and the full re-lists, from materialised lists.
/// </summary>
[MemoryDiagnoser]
public class ClusterStateBenchmarks
{
    private ClusterState _state = new();
    private Pod[] _updates = [];
    private Node _node = null!;
    private Node[] _allNodes = [];
    private Pod[] _allPods = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _state = LargeCluster.State();
        _updates = [.. Enumerable.Range(0, 1_000).Select(i => LargeCluster.BoundPod(i * 37, i % 2 == 0 ? "300m" : "250m"))];
        _node = LargeCluster.Nodes().Skip(1234).First();
        _allNodes = [.. LargeCluster.Nodes()];
        _allPods = [.. LargeCluster.Pods()];
    }

    [Benchmark]
    public ClusterSnapshot UpsertBoundPod()
    {
        _state.UpsertPod(_updates[_next++ % _updates.Length]);
        return _state.Current;
    }

    [Benchmark]
    public ClusterSnapshot UpsertPendingPod()
    {
        _state.UpsertPod(new PodBuilder($"pending-{_next++ % 1_000}").Cpu("1").Build());
        return _state.Current;
    }

    [Benchmark]
    public ClusterSnapshot UpsertExistingNode()
    {
        _state.UpsertNode(_node);
        return _state.Current;
    }

    [Benchmark]
    public ClusterSnapshot ReplaceAll()
    {
        var state = new ClusterState();
        state.Replace(_allNodes, _allPods);
        return state.Current;
    }

    [Benchmark]
    public ClusterSnapshot ReplacePods()
    {
        _state.ReplacePods(_allPods);
        return _state.Current;
    }
}
