using BenchmarkDotNet.Attributes;
using Extender.Core.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>Planner throughput on the reference workload; pods/s = pod count / mean time.</summary>
[MemoryDiagnoser]
public class SchedulingBenchmarks
{
    private PlanInput _input = null!;

    [Params(1_000, 5_000, 20_000)]
    public int Pods { get; set; }

    [GlobalSetup]
    public void Setup() => _input = ReferenceWorkload.Input(Pods);

    [Benchmark]
    public int Plan() => Planner.Plan(_input).NewNodes.Count;
}
