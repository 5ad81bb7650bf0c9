using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Extender.Sandbox.Kubernetes;

namespace Extender.Benchmarks.Kubernetes;

/// <summary>
/// Initial sync of 5,000 nodes and 50,000 pods from the sandbox API server through the real adapter
/// (<c>AddKubernetesState</c>): paged lists, mapping, ClusterState. Prints the managed heap the synced state holds and
/// the process working set; the sandbox server runs in this process, so its store is counted in the working set and
/// measured separately before the sync.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class KubernetesSyncBenchmark
{
    private const int Nodes = 5_000;
    private const int Pods = 50_000;
    private SandboxApiServer _api = null!;
    private string _kubeconfig = "";

    [GlobalSetup]
    public void Setup()
    {
        _api = SandboxCluster.SeedAsync(Nodes, Pods).GetAwaiter().GetResult();
        _kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-kubeconfig-{Environment.ProcessId}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _api.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_kubeconfig);
    }

    [Benchmark]
    public async Task InitialSync()
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        using var host = SandboxCluster.BuildHost(_api, _kubeconfig);
        var (state, syncTime) = await SandboxCluster.StartAndSyncAsync(host);
        var snapshot = state.Current;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(
            $"// kube-sync: {snapshot.Nodes.Count} nodes, {snapshot.Nodes.Sum(n => n.Pods.Count) + snapshot.PendingPods.Count} pods in {syncTime.TotalMilliseconds:F0} ms; " +
            $"client state heap {(heapAfter - heapBefore) / 1048576.0:F0} MB; working set {process.WorkingSet64 / 1048576.0:F0} MB " +
            $"(before sync, server only: {workingSetBefore / 1048576.0:F0} MB)");
        await host.StopAsync();
        GC.KeepAlive(snapshot);
    }
}
