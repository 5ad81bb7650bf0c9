using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Extender.Core.Capacity;
using Extender.Sandbox.Ec2;

namespace Extender.Benchmarks.Aws;

/// <summary>
/// The first launch in a fresh process, without and with the start-up warm-up (one DescribeAvailabilityZones).
/// Each launch of the benchmark process measures one call.
/// <c>dotnet run -c Release --project tests/Extender.Benchmarks -- --filter '*ColdLaunch*'</c>
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class ColdLaunchBenchmarks
{
    private SandboxProvider _sandbox = null!;

    [GlobalSetup(Target = nameof(FirstLaunchWithoutWarmUp))]
    public void SetupCold() => _sandbox = SandboxProvider.StartAsync(new SandboxEc2Options()).GetAwaiter().GetResult();

    [GlobalSetup(Target = nameof(FirstLaunchAfterWarmUp))]
    public void SetupWarm()
    {
        SetupCold();
        _sandbox.WarmUpAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<LaunchedInstance> FirstLaunchWithoutWarmUp() => _sandbox.LaunchAsync();

    [Benchmark]
    public Task<LaunchedInstance> FirstLaunchAfterWarmUp() => _sandbox.LaunchAsync();
}
