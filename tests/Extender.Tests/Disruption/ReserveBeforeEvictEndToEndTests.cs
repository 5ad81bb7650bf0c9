using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Disruption;

/// <summary>
/// Reserve before evict through the whole demo stack, shipped configuration: a NodePool template change drifts every
/// node; before each drifted node's pod is evicted, room is planned and launched for it and held as a replacement
/// slot, and the eviction waits until that node is Ready. The Deployment's new pod takes the slot, and the extender
/// steers it there: it binds at once, to the node bought for it. Boot is 5 s, so a pod that waited for capacity after
/// its eviction (as under Karpenter, whose drain starts once the replacement is launched, not held) would show it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReserveBeforeEvictEndToEndTests(ITestOutputHelper output)
{
    private const int Nodes = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private static readonly string Scenario = OnePodPerNodeScenario("{consolidationPolicy: WhenEmpty, consolidateAfter: 30s, budgets: [{nodes: \"50%\"}]}", "{rollout: one}", bootSeconds: 5);

    [Fact]
    public async Task Drift_EachMovedPodBindsAtOnceToTheNodeHeldForIt()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(DisruptionSandbox.Deployment("web", Nodes, terminationGracePeriodSeconds: 1), "default");
        await UntilAsync(() => RunningPods(run, "web").Count() == Nodes, $"{Nodes} running pods", Patience);
        var before = run.Pods.Select(Uid).ToHashSet(StringComparer.Ordinal);
        var oldNodes = run.Nodes.Select(Name).ToHashSet(StringComparer.Ordinal);

        using var watching = new CancellationTokenSource();
        var seen = new ConcurrentDictionary<string, (TimeSpan Created, TimeSpan? Bound, string? Node)>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var watch = Task.Run(() => WatchNewPodsAsync(run, before, seen, clock, watching.Token));
        await client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new { spec = new { template = new { metadata = new { labels = new { rollout = "two" } } } } }, V1Patch.PatchType.MergePatch),
            "provisioning.extender.io", "v1alpha1", "nodepools", "default");
        await UntilAsync(
            () => run.Nodes.All(n => !oldNodes.Contains(Name(n))) && RunningPods(run, "web").Count(p => !before.Contains(p.Metadata.Uid)) == Nodes,
            "every old node replaced and every pod running again",
            Patience);
        await watching.CancelAsync();
        await watch;

        var moved = seen.Values.Where(s => s.Bound is not null).ToList();
        var pending = moved.Select(s => (s.Bound!.Value - s.Created).TotalSeconds).Order().ToList();
        var onHeld = moved.Count(s => HeldForReplacement(run, s.Node!));
        output.WriteLine($"{moved.Count} moved pods: Pending after eviction p50 {Percentile(pending, 0.5):F2} s, p99 {Percentile(pending, 0.99):F2} s, max {pending.Max():F2} s (boot 5 s); "
            + $"{onHeld} of {moved.Count} ({100.0 * onHeld / moved.Count:F0}%) bound to the node held for them; "
            + $"events: {Events(run).Count(e => (string?)e["reason"] == "ReplacementReady")} ReplacementReady, {Events(run).Count(e => (string?)e["reason"] == "ReplacementNotReady")} ReplacementNotReady");

        Assert.Equal(Nodes, moved.Count);
        Assert.All(pending, p => Assert.True(p < 4, $"a moved pod was Pending {p:F2} s: it waited for capacity"));
        Assert.Equal(moved.Count, onHeld);
        Assert.Contains(Events(run), e => (string?)e["reason"] == "ReplacementReady");
        Assert.DoesNotContain(Events(run), e => (string?)e["reason"] == "ReplacementNotReady");
        Assert.Equal(0, SidecarPodDeletes(run));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    private static string Uid(JsonObject o) => (string)o["metadata"]!["uid"]!;

    /// <summary>When each pod created after the change was first seen, and first seen bound (sampled every 25 ms).</summary>
    private static async Task WatchNewPodsAsync(EndToEndRun run, HashSet<string> before, ConcurrentDictionary<string, (TimeSpan Created, TimeSpan? Bound, string? Node)> seen, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var now = clock.Elapsed;
            foreach (var pod in run.Pods.Where(p => (string?)p["metadata"]?["labels"]?["app"] == "web" && !before.Contains(Uid(p))))
            {
                var entry = seen.GetOrAdd(Uid(pod), _ => (now, null, null));
                if (entry.Bound is null && EndToEndRun.NodeOf(pod) is { Length: > 0 } node)
                {
                    seen[Uid(pod)] = entry with { Bound = now, Node = node };
                }
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }
}
