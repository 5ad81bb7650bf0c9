using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Extender.Benchmarks.Provisioning;

/// <summary>
/// Latency distributions of the provisioning pipeline: one measured operation per iteration (each its own fresh
/// pipeline), in process, with the p95 column (BenchmarkDotNet has no p99; Max bounds it from above).
/// </summary>
public sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(100)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
    }
}
