using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Extender.Demo;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Headroom;

/// <summary>
/// Headroom through the whole demo stack (sandbox API, EC2, kubelet, the scheduler stand-in calling the real sidecar
/// over HTTP), with the shipped CRD and RBAC: a latency-sensitive Deployment is scaled up while bare "batch" pods of
/// the same size are created just before it, competing for any free room. One 1.5-vCPU pod fits a 2-vCPU node, so a
/// node that holds a buffer slot has room for exactly that pod. Boot is 5 s (EC2's 45–60 s scaled down, so the test
/// stays short; the figure without the buffer is the boot, whatever it is). First without a buffer, then with a
/// CapacityBuffer (<c>scalableRef</c> the Deployment, <c>replicas: 3</c>).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HeadroomEndToEndTests(ITestOutputHelper output)
{
    private const int Step = 3;
    private const string BufferApi = "autoscaling.x-k8s.io/v1beta1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string Scenario = OnePodPerNodeScenario("{consolidationPolicy: WhenEmpty, consolidateAfter: 10m}", bootSeconds: 5);

    [Fact]
    public async Task ScaleUp_CoveredPodsBindAtOnce_OthersTakeNoBufferRoom_RefillRequestedAtOnce()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(Disruption.DisruptionSandbox.Deployment("web", 1), "default");
        await UntilAsync(() => RunningPods(run, "web").Count() == 1, "the first web pod running", Patience);

        // Without a buffer: the scale-up waits for new nodes.
        var without = await ScaleUpAsync(run, 1 + Step, "batch-a");
        await UntilAsync(() => RunningPods(run, "web").Count() == 1 + Step && RunningPods(run, "batch").Count() == Step, "the first scale-up running", Patience);

        // With a buffer: its room is bought and held before the scale-up.
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Buffer("web", Step), "autoscaling.x-k8s.io", "v1beta1", "default", "capacitybuffers");
        await UntilAsync(() => ReadyReplicas(run) == Step, $"the buffer's {Step} replicas held on Ready nodes", Patience);
        var slotNodes = BufferNodes(run);
        var claimsBefore = Claims(run).Select(c => (string)c["metadata"]!["name"]!).ToHashSet(StringComparer.Ordinal);
        var with = await ScaleUpAsync(run, 1 + (2 * Step), "batch-b", claimsBefore);
        var refill = with.RefillAt!.Value - with.Started;
        await UntilAsync(() => RunningPods(run, "web").Count() == 1 + (2 * Step) && RunningPods(run, "batch").Count() == 2 * Step, "the second scale-up running", Patience);
        await UntilAsync(() => ReadyReplicas(run) == Step, "the buffer refilled", Patience);

        var batchOnBufferRoom = RunningPods(run, "batch").Count(p => slotNodes.Contains(p.Spec.NodeName));
        var webOnBufferRoom = with.Bound.Values.Count(n => slotNodes.Contains(n.Node));
        output.WriteLine($"pending -> bound, {Step} web pods per scale-up, boot 5 s: without buffer p50 {P(without, 0.5):F2} s, p99 {P(without, 0.99):F2} s; "
            + $"with buffer p50 {P(with, 0.5):F2} s, p99 {P(with, 0.99):F2} s; web pods on buffer room {webOnBufferRoom}/{Step}; "
            + $"batch pods on buffer room {batchOnBufferRoom}; refill claim created {refill.TotalSeconds:F2} s after the first web pod of the scale-up appeared");
        Assert.True(P(with, 0.5) <= 1.0, $"covered pods p50 {P(with, 0.5):F2} s");
        Assert.True(P(with, 0.99) <= 2.0, $"covered pods p99 {P(with, 0.99):F2} s");
        Assert.True(P(without, 0.5) >= 4.0, $"without a buffer p50 {P(without, 0.5):F2} s: expected about the 5 s boot");
        Assert.Equal(Step, webOnBufferRoom);
        Assert.Equal(0, batchOnBufferRoom);
        Assert.True(refill < TimeSpan.FromSeconds(2), $"refill requested {refill.TotalSeconds:F2} s after the room was taken");
        var metrics = await Metrics(run, "extender_headroom_");
        var refillRequests = metrics.GetValueOrDefault("extender_headroom_refill_request_seconds_count");
        var refillRequestSeconds = metrics.GetValueOrDefault("extender_headroom_refill_request_seconds_sum") / Math.Max(1, refillRequests);
        output.WriteLine($"metrics: room used {metrics.GetValueOrDefault("extender_headroom_room_used_total{buffer=\"default/web-buffer\"}")}, "
            + $"refill launches {metrics.GetValueOrDefault("extender_headroom_refill_launches_total{buffer=\"default/web-buffer\"}")}, "
            + $"room taken -> refill planned mean {refillRequestSeconds * 1000:F1} ms over {refillRequests} refill(s), "
            + $"time empty {metrics.GetValueOrDefault("extender_headroom_empty_seconds_total{buffer=\"default/web-buffer\"}"):F1} s");
        Assert.Equal(Step, metrics.GetValueOrDefault("extender_headroom_room_used_total{buffer=\"default/web-buffer\"}"));
        Assert.True(metrics.GetValueOrDefault("extender_headroom_refill_launches_total{buffer=\"default/web-buffer\"}") >= 1);
        Assert.True(refillRequests >= 1 && refillRequestSeconds < 1.0, $"room taken -> refill planned {refillRequestSeconds:F3} s over {refillRequests}");
        var buffer = Assert.Single(run.Environment.Api.List(BufferApi, "CapacityBuffer"));
        Assert.Equal("True", Condition(buffer, "ReadyForProvisioning"));
        Assert.Equal("True", Condition(buffer, "Provisioning"));
    }

    /// <summary>
    /// Emptiness counts buffer room as used: with <c>consolidateAfter: 2s</c>, nodes holding only buffer room stay;
    /// once the buffer asks for none (here: replicas 0, as when a schedule window closes), their room is released and
    /// emptiness removes them. The reservation TTL is cut to 4 s, so the slots survive the 8 s wait only by being renewed.
    /// </summary>
    [Fact]
    public async Task Emptiness_KeepsNodesHoldingBufferRoom_RemovesThemOnceReleased()
    {
        await using var run = await EndToEndRun.StartAsync(
            OnePodPerNodeScenario("{consolidationPolicy: WhenEmpty, consolidateAfter: 2s, budgets: [{nodes: \"100%\"}]}"),
            environment => environment.ExtraSidecarSettings["Provisioner:ReservationTtl"] = "00:00:04");
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(Disruption.DisruptionSandbox.Deployment("web", 0), "default");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Buffer("web", 2), "autoscaling.x-k8s.io", "v1beta1", "default", "capacitybuffers");
        await UntilAsync(() => ReadyReplicas(run) == 2, "the buffer's 2 replicas held on Ready nodes", Patience);
        var held = BufferNodes(run);

        await Task.Delay(TimeSpan.FromSeconds(8));
        var kept = run.Nodes.Count(n => held.Contains((string)n["metadata"]!["name"]!));
        var expired = (await Metrics(run, "extender_reservations_expired_total")).Values.Sum();
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new { spec = new { replicas = 0 } }, V1Patch.PatchType.MergePatch), "autoscaling.x-k8s.io", "v1beta1", "default", "capacitybuffers", "web-buffer");
        var released = Stopwatch.StartNew();
        await UntilAsync(() => !run.Nodes.Any(n => held.Contains((string)n["metadata"]!["name"]!)), "the released nodes removed as empty", Patience);

        output.WriteLine($"{kept} of {held.Count} buffer nodes kept 8 s past consolidateAfter 2s, {expired} slot(s) expired (TTL 4 s); removed {released.Elapsed.TotalSeconds:F1} s after the buffer went to 0");
        Assert.Equal(2, held.Count);
        Assert.Equal(held.Count, kept);
        Assert.Equal(0, expired);
        Assert.Contains(Events(run), e => (string?)e["reason"] == "HeadroomLaunched");
    }

    /// <summary>The sidecar's <c>/metrics</c>, each sample by its name and labels as written.</summary>
    private static async Task<Dictionary<string, double>> Metrics(EndToEndRun run, string prefix)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(run.Environment.ProbesUrl, "/metrics"));
        return text.Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => (Name: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
    }

    private static JsonObject Buffer(string deployment, int replicas) => new()
    {
        ["apiVersion"] = BufferApi,
        ["kind"] = "CapacityBuffer",
        ["metadata"] = new JsonObject { ["name"] = deployment + "-buffer", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["scalableRef"] = new JsonObject { ["apiGroup"] = "apps", ["kind"] = "Deployment", ["name"] = deployment },
            ["replicas"] = replicas,
        },
    };

    private static int ReadyReplicas(EndToEndRun run) =>
        run.Environment.Api.List(BufferApi, "CapacityBuffer").Select(b => (int?)b["status"]?["readyReplicas"]).FirstOrDefault() ?? 0;

    private static string? Condition(JsonObject buffer, string type) =>
        (string?)buffer["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type)?["status"];

    /// <summary>Nodes whose claim holds a buffer slot now.</summary>
    private static HashSet<string> BufferNodes(EndToEndRun run) =>
        [.. Claims(run).Where(IsBufferClaim).Select(c => (string?)c["status"]?["nodeName"]).OfType<string>()];

    private static bool IsBufferClaim(JsonObject claim) =>
        (claim["spec"]?["reservedFor"]?.AsArray() ?? []).Any(r => (string?)r?["replaces"]?["ownerKind"] == "CapacityBuffer");

    /// <summary>
    /// Creates <see cref="Step"/> bare batch pods (same size, no buffer) and then scales web to <paramref name="replicas"/>;
    /// returns when each new web pod was first seen, and first seen bound (sampled every 25 ms).
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="replicas">web's new replica count.</param>
    /// <param name="batch">The batch pods' name prefix.</param>
    /// <param name="claimsBefore">When set, also waits for the first new claim holding buffer room (the refill) and records when it appeared.</param>
    private static async Task<ScaleUp> ScaleUpAsync(EndToEndRun run, int replicas, string batch, HashSet<string>? claimsBefore = null)
    {
        var client = run.Environment.Client;
        var before = run.Pods.Select(p => (string)p["metadata"]!["uid"]!).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Step; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(BatchPod($"{batch}-{i}"), "default");
        }

        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(new { spec = new { replicas } }, V1Patch.PatchType.MergePatch), "web", "default");
        var created = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var bound = new ConcurrentDictionary<string, (TimeSpan At, string Node)>(StringComparer.Ordinal);
        TimeSpan? refillAt = null;
        using var limit = new CancellationTokenSource(Patience);
        while (bound.Count < Step || (claimsBefore is not null && refillAt is null))
        {
            Assert.False(limit.IsCancellationRequested, $"{bound.Count} of {Step} new web pods bound; refill seen: {refillAt is not null}");
            var now = clock.Elapsed;
            if (claimsBefore is not null && refillAt is null && Claims(run).Any(c => IsBufferClaim(c) && !claimsBefore.Contains((string)c["metadata"]!["name"]!)))
            {
                refillAt = now;
            }

            foreach (var pod in run.Pods.Where(p => (string?)p["metadata"]?["labels"]?["app"] == "web" && !before.Contains((string)p["metadata"]!["uid"]!)))
            {
                var uid = (string)pod["metadata"]!["uid"]!;
                created.TryAdd(uid, now);
                if (EndToEndRun.NodeOf(pod) is { Length: > 0 } node)
                {
                    bound.TryAdd(uid, (now, node));
                }
            }

            await Task.Delay(25, CancellationToken.None);
        }

        return new ScaleUp(created.Min(c => c.Value), refillAt, [.. bound.Select(b => (b.Value.At - created[b.Key]).TotalSeconds).Order()], bound);
    }

    private static V1Pod BatchPod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "batch" } },
        Spec = new V1PodSpec
        {
            SchedulerName = DefaultResources.SchedulerName,
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "busybox",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1500m"), ["memory"] = new("512Mi") } },
                },
            ],
        },
    };

    private static double P(ScaleUp scaleUp, double p) => scaleUp.Pending[Math.Min(scaleUp.Pending.Count - 1, (int)Math.Ceiling(p * scaleUp.Pending.Count) - 1)];

    private sealed record ScaleUp(TimeSpan Started, TimeSpan? RefillAt, IReadOnlyList<double> Pending, IReadOnlyDictionary<string, (TimeSpan At, string Node)> Bound);
}
