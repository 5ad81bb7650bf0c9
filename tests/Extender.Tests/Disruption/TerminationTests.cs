using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.TestKit.Builders;
using Extender.Tests.Provisioning;

namespace Extender.Tests.Disruption;

public sealed class TerminationTests
{
    /// <summary>One claim registered as a Ready node that carries <paramref name="pods"/>.</summary>
    private static async Task<(ProvisioningHarness Harness, Node Node)> RunningNodeAsync(Core.Planning.NodePool pool, params PodBuilder[] pods)
    {
        var harness = ProvisioningHarness.Start(pool);
        harness.AddPendingPods([new PodBuilder("seed").Uid("seed").Cpu("1").MarkedUnschedulable().Build()]);
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        harness.Cluster.DeletePod("seed");
        harness.Cluster.UpsertNode(node with { Finalizers = [TerminationFinalizer.Name] });
        foreach (var pod in pods)
        {
            harness.Cluster.UpsertPod(pod.OnNode(node.Name).Phase("Running").Build());
        }

        return (harness, node);
    }

    private static void Gone(ProvisioningHarness harness, params string[] uids)
    {
        foreach (var uid in uids)
        {
            harness.Cluster.DeletePod(uid);
        }
    }

    [Fact]
    public async Task TickAsync_NodeRegisters_GetsTheTerminationFinalizer()
    {
        var (harness, node) = await RunningNodeAsync(ProvisioningHarness.Pool());
        using var _ = harness;

        Assert.Contains(node.Name, harness.Worlds.Patcher.Finalized);
    }

    [Fact]
    public async Task TickAsync_ClaimDeleted_TaintsEvictsInWavesThenTerminatesAndReleasesTheNode()
    {
        var (harness, node) = await RunningNodeAsync(
            ProvisioningHarness.Pool(),
            new PodBuilder("web").Uid("web").OwnedBy("ReplicaSet"),
            new PodBuilder("agent").Uid("agent").OwnedBy("DaemonSet"),
            new PodBuilder("mirror").Uid("mirror").OwnedBy("Node"));
        using var _ = harness;
        var claim = Assert.Single(harness.Store.Claims);
        harness.Store.RequestDeletion(claim.Name);

        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var firstWave = harness.Worlds.Evictor.Evicted.Select(p => p.Name).ToList();
        Gone(harness, "web");
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var secondWave = harness.Worlds.Evictor.Evicted.Select(p => p.Name).ToList();
        var terminatedWhileDraining = harness.Capacity.Terminated.Count;
        Gone(harness, "agent");
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Contains(harness.Worlds.Patcher.Patches, p => p.Node == node.Name && p.Taints.Contains(DisruptionTaint.Taint));
        Assert.Equal(["web"], firstWave);
        Assert.Equal(["web", "agent"], secondWave);
        Assert.Equal(0, terminatedWhileDraining);
        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Equal([node.Name], harness.Worlds.Patcher.Released);
        Assert.Empty(harness.Store.Claims);
        Assert.Empty(harness.Worlds.Evictor.Deleted);
    }

    /// <summary>
    /// The node joined, but the claim was deleted before its status named the node (or that write was lost): the node
    /// is still found, by provider ID, and drained before the instance goes.
    /// </summary>
    [Fact]
    public async Task TickAsync_ClaimDeletedBeforeItsNodeNameWasRecorded_StillDrainsTheNodeFirst()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods([new PodBuilder("seed").Uid("seed").Cpu("1").MarkedUnschedulable().Build()]);
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        harness.Cluster.DeletePod("seed");
        harness.Cluster.UpsertPod(new PodBuilder("web").Uid("web").OwnedBy("ReplicaSet").OnNode(node.Name).Phase("Running").Build());
        var claim = Assert.Single(harness.Store.Claims);
        Assert.Null(claim.Status.NodeName);
        harness.Store.RequestDeletion(claim.Name);

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(["web"], harness.Worlds.Evictor.Evicted.Select(p => p.Name));
        Assert.Empty(harness.Capacity.Terminated);
        Assert.Single(harness.Store.Claims);
    }

    [Fact]
    public async Task TickAsync_BudgetRefusesWithoutGracePeriod_KeepsDrainingAndSaysSo()
    {
        var (harness, node) = await RunningNodeAsync(ProvisioningHarness.Pool(), new PodBuilder("db-0").Uid("db-0").OwnedBy("StatefulSet"));
        using var _ = harness;
        harness.Worlds.Evictor.Block("db-0", "db-pdb");
        var claim = Assert.Single(harness.Store.Claims);
        harness.Store.RequestDeletion(claim.Name);

        for (var i = 0; i < 20; i++)
        {
            await harness.Lifecycle.TickAsync(CancellationToken.None);
            harness.Time.Advance(TimeSpan.FromHours(1));
        }

        var metrics = await harness.MetricsTextAsync();
        Assert.Empty(harness.Capacity.Terminated);
        Assert.Single(harness.Store.Claims);
        Assert.Empty(harness.Worlds.Evictor.Deleted);
        Assert.True(harness.Worlds.Evictor.Refusals > 1);
        Assert.Contains(harness.Worlds.DisruptionEvents.Events, e => e is { Kind: "Node", Reason: "DisruptionBlocked" } && e.Name == node.Name && e.Message.Contains("db-pdb", StringComparison.Ordinal));
        Assert.Contains(harness.Worlds.DisruptionEvents.Events, e => e is { Kind: "NodeClaim", Reason: "DisruptionBlocked" } && e.Name == claim.Name);
        Assert.Contains("extender_disruption_drains_blocked 1", metrics, StringComparison.Ordinal);

        harness.Worlds.Evictor.Unblock("db-0");
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        Gone(harness, "db-0");
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Contains("extender_disruption_drains_blocked 0", await harness.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickAsync_TerminationGracePeriod_DeletesABlockedPodInTimeForItsGraceThenTerminates()
    {
        var pool = ProvisioningHarness.Pool() with { TerminationGracePeriod = TimeSpan.FromMinutes(10) };
        var (harness, _) = await RunningNodeAsync(pool, new PodBuilder("db-0").Uid("db-0").OwnedBy("StatefulSet").Grace(TimeSpan.FromMinutes(2)));
        using var __ = harness;
        harness.Worlds.Evictor.Block("db-0", "db-pdb");
        var claim = Assert.Single(harness.Store.Claims);
        harness.Store.RequestDeletion(claim.Name);

        await harness.Lifecycle.TickAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(7.9));
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var deletedEarly = harness.Worlds.Evictor.Deleted.Count;
        harness.Time.Advance(TimeSpan.FromMinutes(0.1));
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var deleted = harness.Worlds.Evictor.Deleted.Select(p => p.Name).ToList();
        var terminatedBeforeDeadline = harness.Capacity.Terminated.Count;
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(0, deletedEarly);
        Assert.Equal(["db-0"], deleted);
        Assert.Equal(0, terminatedBeforeDeadline);
        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
    }

    [Fact]
    public async Task TickAsync_NodeDeletedByUser_DrainsWaitsForVolumesThenTerminatesTheClaim()
    {
        var (harness, node) = await RunningNodeAsync(ProvisioningHarness.Pool(), new PodBuilder("web").Uid("web").OwnedBy("ReplicaSet"));
        using var _ = harness;
        var claim = Assert.Single(harness.Store.Claims);
        harness.Cluster.UpsertNode(node with { Finalizers = [TerminationFinalizer.Name], DeletedAt = harness.Time.GetUtcNow() });
        harness.Worlds.Volumes.Set(node.Name, 1);

        await harness.Lifecycle.TickAsync(CancellationToken.None);
        Gone(harness, "web");
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var terminatedWithVolumeAttached = harness.Capacity.Terminated.Count;
        harness.Worlds.Volumes.Set(node.Name, 0);
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(["web"], harness.Worlds.Evictor.Evicted.Select(p => p.Name));
        Assert.Equal(0, terminatedWithVolumeAttached);
        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Empty(harness.Store.Claims);
        Assert.Equal([node.Name], harness.Worlds.Patcher.Released);
    }
}
