using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Provisioning;

/// <summary>
/// 1,000 pods reported over 200 ms (five a millisecond): the time from the first report until every pod is covered
/// by a reservation on a launched claim. Each iteration also checks that the pipeline sent exactly one launch
/// request per planned node and fails the run otherwise.
/// </summary>
[Config(typeof(PercentileConfig))]
[IterationCount(20)]
[WarmupCount(1)]
public class BurstBenchmarks
{
    private const int Pods = 1_000;
    private const int PerMillisecond = 5;

    private ProvisioningPipeline _pipeline = null!;
    private Pod[] _pods = [];
    private int _round;

    [IterationSetup]
    public void Setup()
    {
        _pipeline = new ProvisioningPipeline();
        _pipeline.StartAsync().GetAwaiter().GetResult();
        _round++;
        _pods = [.. Enumerable.Range(0, Pods).Select(i => new PodBuilder($"burst-{_round}-{i}").Uid($"burst-{_round}-{i}").Cpu("500m").Memory("1Gi").MarkedUnschedulable().Build())];
    }

    [Benchmark]
    public async Task ThousandPodsIn200Ms()
    {
        for (var i = 0; i < _pods.Length; i++)
        {
            _pipeline.Detect(_pods[i]);
            if (i % PerMillisecond == PerMillisecond - 1)
            {
                await Task.Delay(1);
            }
        }

        while (!Covered())
        {
            await Task.Delay(1);
        }
    }

    [IterationCleanup]
    public void Cleanup()
    {
        var claims = _pipeline.Store.Claims;
        var launches = _pipeline.Capacity.Launches.Count;
        _pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (launches != claims.Count || claims.Sum(c => c.ReservedFor.Count) != Pods)
        {
            throw new InvalidOperationException($"{launches} launch requests for {claims.Count} planned nodes holding {claims.Sum(c => c.ReservedFor.Count)} pods");
        }
    }

    private bool Covered() =>
        _pipeline.Ledger.Current.Count == Pods && _pipeline.Store.Claims.All(c => c.IsLaunched);
}
