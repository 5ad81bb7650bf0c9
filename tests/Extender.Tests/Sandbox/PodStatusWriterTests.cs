using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Scheduling;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Sandbox;

/// <summary>
/// What the scheduler stand-in writes after failed cycles, against the sandbox API server: as kube-scheduler, only
/// what changed (its <c>updatePod</c> skips an unchanged condition; client-go's events broadcaster turns isomorphic
/// events into a series). Each call gets the pod as the API holds it then, as the scheduler's informer would.
/// </summary>
public sealed class PodStatusWriterTests
{
    private const string Full = "0/1 nodes are available: 1 Insufficient cpu.";

    [Fact]
    public async Task RecordFailure_SameFailureAgain_PatchesTheConditionOnceAndTheEventBecomesASeries()
    {
        await using var api = await SandboxApiServer.StartAsync();
        using var client = new k8s.Kubernetes(api.ClientConfiguration());
        var writer = Writer(client);
        await client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("big", cpu: "4"), "default");

        await writer.RecordFailureAsync(await Read(client), "default-scheduler", "Unschedulable", Full, CancellationToken.None);
        var marked = await Read(client);
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await writer.RecordFailureAsync(await Read(client), "default-scheduler", "Unschedulable", Full, CancellationToken.None);
        }

        // One condition write: attempts 2-5 found it already there.
        Assert.Equal(marked.Metadata.ResourceVersion, (await Read(client)).Metadata.ResourceVersion);
        Assert.Equal(1, Writes(api, "pods", "patch"));

        // Attempt 1's event regards the pod before its condition was written, attempts 2-5 the pod after: two events;
        // the second's repeat (attempt 3) patches series.count to 2, attempts 4 and 5 write nothing.
        var events = await FailedScheduling(client);
        Assert.Equal(2, events.Count);
        Assert.Equal([null, 2], events.OrderBy(e => e.Series?.Count ?? 0).Select(e => e.Series?.Count));
        Assert.Equal(2, Writes(api, "events", "create"));
        Assert.Equal(1, Writes(api, "events", "patch"));
    }

    [Fact]
    public async Task RecordFailure_NewMessage_PatchesTheConditionAgain()
    {
        await using var api = await SandboxApiServer.StartAsync();
        using var client = new k8s.Kubernetes(api.ClientConfiguration());
        var writer = Writer(client);
        await client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("big", cpu: "4"), "default");

        await writer.RecordFailureAsync(await Read(client), "default-scheduler", "Unschedulable", Full, CancellationToken.None);
        const string twoNodes = "0/2 nodes are available: 2 Insufficient cpu.";
        await writer.RecordFailureAsync(await Read(client), "default-scheduler", "Unschedulable", twoNodes, CancellationToken.None);

        var condition = (await Read(client)).Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal(twoNodes, condition.Message);
        Assert.Equal(2, Writes(api, "pods", "patch"));
        Assert.Equal([Full, twoNodes], (await FailedScheduling(client)).Select(e => e.Note).Order(StringComparer.Ordinal));
    }

    private static PodStatusWriter Writer(k8s.Kubernetes client) =>
        new(client, "sandbox", TimeSpan.FromSeconds(30), new FakeTimeProvider(DateTimeOffset.Parse("2026-07-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), NullLogger.Instance);

    private static Task<V1Pod> Read(k8s.Kubernetes client) => client.CoreV1.ReadNamespacedPodAsync("big", "default");

    private static async Task<List<Eventsv1Event>> FailedScheduling(k8s.Kubernetes client) =>
        [.. (await client.EventsV1.ListNamespacedEventAsync("default")).Items.Where(e => e.Reason == "FailedScheduling")];

    private static int Writes(SandboxApiServer api, string resource, string verb) =>
        api.Audit.Count(a => a.Resource == resource && a.Verb == verb && (resource != "pods" || a.Subresource == "status"));
}
