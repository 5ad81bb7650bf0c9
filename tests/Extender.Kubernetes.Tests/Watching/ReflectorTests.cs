using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Kubernetes.Tests.Watching;

public sealed class ReflectorTests
{
    [Fact]
    public async Task Run_ExistingObjects_SyncsEveryPageIntoClusterState()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("n1");
        await cluster.CreateNodeAsync("n2");
        await cluster.CreateNodeAsync("n3");
        var pods = new[] { await cluster.CreatePodAsync("a", "n1"), await cluster.CreatePodAsync("b"), await cluster.CreatePodAsync("c", "n2") };

        cluster.Run();
        await Task.WhenAll(cluster.Pods.Synced, cluster.Nodes.Synced);

        var snapshot = cluster.State.Current;
        Assert.Equal(["n1", "n2", "n3"], snapshot.Nodes.Select(n => n.Node.Name));
        Assert.All(pods, p => Assert.NotNull(snapshot.FindPod(p.Metadata.Uid)));
        Assert.Equal(["b"], snapshot.PendingPods.Select(p => p.Name));
        Assert.Equal(100, snapshot.FindNode("n1")!.Requested["cpu"] - snapshot.FindNode("n3")!.Requested["cpu"]);
    }

    [Fact]
    public async Task Run_PodTurnsUnschedulable_SnapshotMarksIt()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var pod = await cluster.CreatePodAsync("a");
        cluster.Run();
        await cluster.Pods.Synced;

        await cluster.Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch(new { status = new { conditions = new[] { new { type = "PodScheduled", status = "False", reason = "Unschedulable", message = "0/3 nodes are available" } } } }, V1Patch.PatchType.MergePatch),
            "a",
            "default");

        await Eventually.TrueAsync(() => cluster.Find(pod)?.MarkedUnschedulable == true, "pod a marked unschedulable");
    }

    [Fact]
    public async Task Run_NodeAppearsAfterSync_SnapshotHasIt()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        cluster.Run();
        await cluster.Nodes.Synced;

        await cluster.CreateNodeAsync("late");

        await Eventually.TrueAsync(() => cluster.State.Current.FindNode("late") is not null, "node late seen");
    }

    [Fact]
    public async Task Run_WatchDroppedWhileChangesHappen_ResumesWithoutLosingAny()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var doomed = await cluster.CreatePodAsync("doomed");
        cluster.Run();
        await cluster.Pods.Synced;
        await Eventually.TrueAsync(() => cluster.Api.OpenWatches == 2, "both watches open");

        cluster.Api.HoldWatches();
        cluster.Api.DropWatches();
        await Eventually.TrueAsync(() => cluster.Api.HeldWatches == 2, "both reflectors reconnecting");
        var created = new[] { await cluster.CreatePodAsync("x"), await cluster.CreatePodAsync("y"), await cluster.CreatePodAsync("z") };
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("doomed", "default", gracePeriodSeconds: 0); // bound: a graceful delete would only mark it
        cluster.Api.ReleaseWatches();

        await Eventually.TrueAsync(() => created.All(p => cluster.Find(p) is not null) && cluster.Find(doomed) is null, "every change made while disconnected");
        Assert.Equal(1, cluster.Pods.Lists);
    }

    [Fact]
    public async Task Run_HistoryCompactedWhileDisconnected_RelistsAndAppliesDeletion()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.CreateNodeAsync("n1");
        var doomed = await cluster.CreatePodAsync("doomed", "n1");
        cluster.Run();
        await Task.WhenAll(cluster.Pods.Synced, cluster.Nodes.Synced);
        await Eventually.TrueAsync(() => cluster.Api.OpenWatches == 2, "both watches open");

        cluster.Api.HoldWatches();
        cluster.Api.DropWatches();
        await Eventually.TrueAsync(() => cluster.Api.HeldWatches == 2, "both reflectors reconnecting");
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("doomed", "default", gracePeriodSeconds: 0); // bound: a graceful delete would only mark it
        await cluster.Client.CoreV1.DeleteNodeAsync("n1");
        var created = await cluster.CreatePodAsync("fresh");
        cluster.Api.Compact();
        cluster.Api.ReleaseWatches();

        await Eventually.TrueAsync(() => cluster.Pods.Lists == 2 && cluster.Nodes.Lists == 2, "410 answered with a re-list");
        var snapshot = cluster.State.Current;
        Assert.Null(snapshot.FindPod(doomed.Metadata.Uid));
        Assert.NotNull(snapshot.FindPod(created.Metadata.Uid));
        Assert.Empty(snapshot.Nodes);
    }

    [Fact]
    public async Task Run_WatchFailsToReopen_BacksOffThenRelists()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await ClusterHarness.StartAsync(time);
        cluster.Run();
        await cluster.Pods.Synced;
        await Eventually.TrueAsync(() => cluster.Api.OpenWatches == 2, "both watches open");

        cluster.Api.InjectFault(new Fault("GET", "/api/v1/pods", 503));
        cluster.Api.DropWatches();
        var created = await cluster.CreatePodAsync("during-backoff");

        // The failed re-watch and its backoff timer happen on the reflector's thread: move the fake clock until it fires.
        await Eventually.TrueAsync(() => Advanced(time) && cluster.Find(created) is not null, "re-list after the backoff");
        Assert.Equal(2, cluster.Pods.Lists);
    }

    [Fact]
    public async Task Run_FirstListFails_NotSyncedUntilRetrySucceeds()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await ClusterHarness.StartAsync(time);
        cluster.Api.InjectFault(new Fault("GET", "/api/v1/nodes", 500, Times: 1));

        cluster.Run();
        await Eventually.TrueAsync(() => cluster.Api.OpenWatches == 1, "pods watching, nodes backing off");
        Assert.False(cluster.Nodes.IsSynced);

        await Eventually.TrueAsync(() => Advanced(time) && cluster.Nodes.IsSynced, "nodes synced after the backoff");
        Assert.Equal(1, cluster.Nodes.Lists);
    }

    private static bool Advanced(FakeTimeProvider time)
    {
        time.Advance(TimeSpan.FromMilliseconds(100));
        return true;
    }
}
