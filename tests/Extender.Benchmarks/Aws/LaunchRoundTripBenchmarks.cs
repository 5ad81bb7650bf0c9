using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Extender.Core.Capacity;
using Extender.Sandbox.Ec2;

namespace Extender.Benchmarks.Aws;

/// <summary>
/// A warm launch (resolve node class from cache, launch template cached, one CreateFleet) against the sandbox EC2 endpoint.
/// <c>dotnet run -c Release --project tests/Extender.Benchmarks -- --filter '*LaunchRoundTrip*' --job short</c>
/// </summary>
[Config(typeof(Percentiles))]
[MemoryDiagnoser]
public class LaunchRoundTripBenchmarks
{
    private SandboxProvider _sandbox = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = SandboxProvider.StartAsync(new SandboxEc2Options()).GetAwaiter().GetResult();
        _sandbox.LaunchAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<LaunchedInstance> WarmLaunch() => _sandbox.LaunchAsync();

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, new P99Column());
    }
}
