using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Provisioning;

/// <summary>
/// One pending pod on an idle system: from the watch reporting it Unschedulable to the launch request reaching the
/// capacity provider, with default options (10 ms idle window). One sample per iteration on a fresh pipeline, so
/// the distribution columns (Median = p50, P95, Max) are those of single detections.
/// </summary>
[Config(typeof(PercentileConfig))]
public class DetectionToLaunchBenchmarks
{
    private ProvisioningPipeline _pipeline = null!;
    private TaskCompletionSource _launchRequested = null!;
    private Pod _pod = null!;
    private int _sequence;

    [IterationSetup]
    public void Setup()
    {
        _pipeline = new ProvisioningPipeline();
        _launchRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pipeline.Capacity.BeforeLaunch = _ => _launchRequested.TrySetResult();
        _pipeline.StartAsync().GetAwaiter().GetResult();
        var name = $"web-{++_sequence}";
        _pod = new PodBuilder(name).Uid(name).Cpu("1").Memory("2Gi").MarkedUnschedulable().Build();
    }

    [Benchmark]
    public async Task OnePendingPod()
    {
        _pipeline.Detect(_pod);
        await _launchRequested.Task;
    }

    [IterationCleanup]
    public void Cleanup() => _pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
