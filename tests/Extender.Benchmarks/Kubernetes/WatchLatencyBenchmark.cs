using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Extender.Core.Cluster;
using Extender.Sandbox.Kubernetes;
using IHost = Microsoft.Extensions.Hosting.IHost;

namespace Extender.Benchmarks.Kubernetes;

/// <summary>
/// With 5,000 nodes and 50,000 pods synced, writes 500 pod updates per second to the sandbox server for a few seconds
/// and measures, per update, the time from the server write to the ClusterState snapshot that shows it; prints p50,
/// p99 and max.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class WatchLatencyBenchmark
{
    private const int Nodes = 5_000;
    private const int Pods = 50_000;
    private const int UpdatesPerSecond = 500;
    private const int Seconds = 5;
    private readonly ConcurrentDictionary<string, (string Generation, long WrittenAt)> _outstanding = new();
    private readonly ConcurrentBag<double> _latencies = [];
    private SandboxApiServer _api = null!;
    private IHost _host = null!;
    private string _kubeconfig = "";
    private int _generation;

    [GlobalSetup]
    public void Setup()
    {
        _api = SandboxCluster.SeedAsync(Nodes, Pods).GetAwaiter().GetResult();
        _kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-kubeconfig-latency-{Environment.ProcessId}");
        _host = SandboxCluster.BuildHost(_api, _kubeconfig);
        var (state, _) = SandboxCluster.StartAndSyncAsync(_host).GetAwaiter().GetResult();
        state.Published += Observe;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
        _api.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_kubeconfig);
    }

    [Benchmark]
    public void SteadyPodUpdates()
    {
        _latencies.Clear();
        var generation = (++_generation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var total = UpdatesPerSecond * Seconds;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (i * Stopwatch.Frequency / UpdatesPerSecond);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.Sleep(0);
            }

            var index = (i * 7919) % Pods;
            var pod = SandboxCluster.Pod(index, $"ip-10-0-{(index % Nodes) / 250}-{(index % Nodes) % 250}", _generation);
            var uid = (string)pod["metadata"]!["uid"]!;
            _outstanding[uid] = (generation, Stopwatch.GetTimestamp());
            _api.Upsert(pod);
        }

        SpinWait.SpinUntil(() => _outstanding.IsEmpty, TimeSpan.FromSeconds(10));
        var sorted = _latencies.Order().ToArray();
        Console.WriteLine(
            $"// kube-watch-latency: {sorted.Length}/{total} updates seen; p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms, max {sorted.LastOrDefault():F2} ms");
    }

    private void Observe(ClusterSnapshot snapshot)
    {
        foreach (var (uid, (generation, writtenAt)) in _outstanding)
        {
            if (snapshot.FindPod(uid) is { } pod && pod.Labels.TryGetValue("generation", out var seen) && seen == generation && _outstanding.TryRemove(uid, out _))
            {
                _latencies.Add(Stopwatch.GetElapsedTime(writtenAt).TotalMilliseconds);
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
