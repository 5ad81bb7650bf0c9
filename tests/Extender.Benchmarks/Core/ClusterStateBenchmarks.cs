using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Core;

/// <summary>
/// Cost of one watch event on a 5,000-node / 50,000-pod cluster, each publishing a new snapshot: a bound pod's
/// update, a pending pod's arrival, and a node status update.
/// </summary>
[MemoryDiagnoser]
public class ClusterStateBenchmarks
{
    private ClusterState _state = new();
    private Pod[] _updates = [];
    private Node _node = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _state = LargeCluster.State();
        _updates = [.. Enumerable.Range(0, 1_000).Select(i => LargeCluster.BoundPod(i * 37, i % 2 == 0 ? "300m" : "250m"))];
        _node = LargeCluster.Nodes().Skip(1234).First();
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
    public ClusterState ReplaceAll() => LargeCluster.State();
}
