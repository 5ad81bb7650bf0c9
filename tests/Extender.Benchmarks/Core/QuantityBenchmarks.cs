using BenchmarkDotNet.Attributes;
using Extender.Core.Resources;

namespace Extender.Benchmarks.Core;

/// <summary>Cost of parsing one Kubernetes quantity into milli-units.</summary>
[MemoryDiagnoser]
public class QuantityBenchmarks
{
    [Params("500m", "4Gi", "1.5", "15164940Ki", "1e3")]
    public string Text { get; set; } = "";

    [Benchmark]
    public long ParseMilli() => Quantity.ParseMilli(Text);
}
