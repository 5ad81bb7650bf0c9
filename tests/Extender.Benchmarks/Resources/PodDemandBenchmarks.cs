using BenchmarkDotNet.Attributes;
using Extender.Core.Resources;

namespace Extender.Benchmarks.Resources;

/// <summary>Pod demand for a realistic pod: two app containers, a sidecar, an init container and overhead.</summary>
[MemoryDiagnoser]
public class PodDemandBenchmarks
{
    private readonly PodResources _pod = new(
        [
            new ContainerResources("app", ResourceList.Of(("cpu", 1_500), ("memory", 4L * 1024 * 1024 * 1024 * 1000))),
            new ContainerResources("metrics", ResourceList.Of(("cpu", 100), ("memory", 128L * 1024 * 1024 * 1000))),
        ],
        [
            new ContainerResources("mesh", ResourceList.Of(("cpu", 250), ("memory", 256L * 1024 * 1024 * 1000)), IsSidecar: true),
            new ContainerResources("migrate", ResourceList.Of(("cpu", 2_000), ("memory", 1L * 1024 * 1024 * 1024 * 1000))),
        ],
        ResourceList.Of(("cpu", 100)),
        null);

    [Benchmark]
    public ResourceList Compute() => PodDemand.Compute(_pod);
}
