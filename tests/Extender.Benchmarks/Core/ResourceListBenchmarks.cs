using BenchmarkDotNet.Attributes;
using Extender.Core.Resources;

namespace Extender.Benchmarks.Core;

/// <summary>Resource list arithmetic on lists shaped like a pod request and a node's allocatable.</summary>
[MemoryDiagnoser]
public class ResourceListBenchmarks
{
    private readonly ResourceList _pod = ResourceList.Of(("cpu", 1_500), ("memory", 4L << 40), ("pods", 1_000));

    private readonly ResourceList _node = ResourceList.Of(
        ("cpu", 7_910), ("ephemeral-storage", 95_551_679_124_000), ("memory", 15_528_898_560_000), ("pods", 58_000), ("vpc.amazonaws.com/pod-eni", 9_000));

    [Benchmark]
    public ResourceList Add() => _node.Add(_pod);

    [Benchmark]
    public ResourceList Subtract() => _node.Subtract(_pod);

    [Benchmark]
    public bool FitsIn() => _pod.FitsIn(_node);

    [Benchmark]
    public ResourceList Parse() => ResourceList.Parse(new Dictionary<string, string> { ["cpu"] = "1500m", ["memory"] = "4Gi", ["pods"] = "1" });
}
