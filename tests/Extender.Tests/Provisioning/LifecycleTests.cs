using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Provisioning.Lifecycle;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

public sealed class LifecycleTests
{
    private static List<Pod> Pods(int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"{prefix}-{i}").Uid($"{prefix}-{i}").Cpu("3").Memory("2Gi").MarkedUnschedulable().Build())];

    [Fact]
    public async Task TickAsync_ClaimNeverRegisters_TerminatesOnlyItAndRequeuesItsPods()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "late"));
        await harness.ProvisionQueuedAsync();
        var late = Assert.Single(harness.Store.Claims);
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        harness.AddPendingPods(Pods(1, "fresh"));
        await harness.ProvisionQueuedAsync();
        var fresh = harness.Store.Claims.Single(c => c.Name != late.Name);
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal([late.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Equal([fresh.Name], harness.Store.Claims.Select(c => c.Name));
        Assert.False(harness.Ledger.Current.Holds("late-0"));
        Assert.True(harness.Ledger.Current.Holds("fresh-0"));
        Assert.True(harness.Channel.TryRead(out var requeued));
        Assert.Equal("late-0", requeued.Pod.Uid);
        Assert.Contains(harness.Events.Events, e => e.Pod.Uid == "late-0" && e.Type == "Warning" && e.Reason == "RegistrationTimeout");
    }

    [Fact]
    public async Task CollectAsync_InstancesWithAndWithoutClaims_TerminatesOnlyOldOrphans()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var owned = Assert.Single(harness.Store.Claims);
        var oldOrphan = harness.Capacity.AddOwnedInstance("deleted-claim", harness.Time.GetUtcNow());
        var untagged = harness.Capacity.AddOwnedInstance(null, harness.Time.GetUtcNow());
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var youngOrphan = harness.Capacity.AddOwnedInstance("in-progress", harness.Time.GetUtcNow());

        var collected = await harness.Collector.CollectAsync(CancellationToken.None);

        Assert.Equal([oldOrphan.ProviderId, untagged.ProviderId], collected.Select(i => i.ProviderId));
        Assert.Equal(
            new[] { owned.Status.ProviderId, youngOrphan.ProviderId }.Order(StringComparer.Ordinal),
            harness.Capacity.LiveInstances.Select(i => i.ProviderId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TickAsync_NodeAppearsThenBecomesReady_RegistersPatchesAndInitializes()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool() with
        {
            Labels = new Dictionary<string, string> { ["team"] = "web" },
            StartupTaints = [new Taint("node.example/starting", "", "NoSchedule")],
        });
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        harness.Cluster.UpsertNode(node with { Ready = false, Taints = [new Taint("node.example/starting", "", "NoSchedule")] });

        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var registered = Assert.Single(harness.Store.Claims);
        harness.Cluster.UpsertNode(node);
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var initialized = Assert.Single(harness.Store.Claims);

        Assert.True(registered.IsRegistered);
        Assert.False(registered.IsInitialized);
        Assert.Equal(node.Name, registered.Status.NodeName);
        Assert.True(initialized.IsInitialized);
        Assert.True(initialized.Status.IsTrue(NodeClaimConditionTypes.Ready));
        var patch = Assert.Single(harness.Worlds.Patcher.Patches);
        Assert.Equal("web", patch.Labels["team"]);
        Assert.True(harness.Ledger.Current.IsReservedOn("web-0", node.Name));
    }

    [Fact]
    public async Task TickAsync_ClaimDeletedByUser_TerminatesInstanceBeforeClaimGoes()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var claim = Assert.Single(harness.Store.Claims);
        harness.Store.RequestDeletion(claim.Name);

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Empty(harness.Store.Claims);
        Assert.Equal(0, harness.Ledger.Current.Count);
        Assert.True(harness.Channel.TryRead(out _));
    }

    [Fact]
    public async Task TickAsync_ClaimRemovedFromStoreByHand_TerminatesInstanceAfterLiveCheck()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var claim = Assert.Single(harness.Store.Claims);
        await harness.Store.DeleteAsync(claim.Name, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Null(harness.Registry.Find(claim.Name));
        Assert.Equal(1, harness.Store.Gets);
    }

    [Fact]
    public async Task TickAsync_ManyPasses_ReadClaimsFromTheCacheWithoutLiveLists()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(2, "web"));
        await harness.ProvisionQueuedAsync();
        harness.BootNodes();
        var lists = harness.Store.Lists;

        for (var i = 0; i < 10; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            await harness.Lifecycle.TickAsync(CancellationToken.None);
        }

        Assert.Equal(lists, harness.Store.Lists);
        Assert.Equal(0, harness.Store.Gets);
        Assert.All(harness.Store.Claims, c => Assert.True(c.IsRegistered));
    }

    [Fact]
    public async Task TickAsync_CacheLagsBehindClaimPastGracePeriod_LiveReadKeepsIt()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var claim = Assert.Single(harness.Store.Claims);
        harness.Store.HideFromCache(claim.Name);
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var getsWithinGrace = harness.Store.Gets;
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(0, getsWithinGrace);
        Assert.Equal(1, harness.Store.Gets);
        Assert.Single(harness.Store.Claims);
        Assert.Empty(harness.Capacity.Terminated);
        Assert.True(harness.Ledger.Current.Holds("web-0"));
    }

    [Fact]
    public async Task TickAsync_StatusWritesOfOneClaimFail_OtherClaimsAdvanceAndFailureIsCounted()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "a"));
        await harness.ProvisionQueuedAsync();
        harness.AddPendingPods(Pods(1, "b"));
        await harness.ProvisionQueuedAsync();
        var failing = harness.Store.Claims[0];
        harness.Store.FailStatusUpdatesOf(failing.Name, new HttpRequestException("500 Internal Server Error"));
        harness.BootNodes();

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal([false, true], harness.Store.Claims.Select(c => c.IsRegistered));
        Assert.Contains("extender_provisioner_lifecycle_errors_total 1", await harness.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickAsync_ReservationOutlivesTtl_ReleasedAndPodRequeued()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        harness.BootNodes();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        DrainChannel(harness);

        harness.Get<ReservationUpkeep>().Sweep();

        Assert.Equal(0, harness.Ledger.Current.Count);
        Assert.Single(harness.Store.Claims);
        Assert.True(harness.Channel.TryRead(out var requeued));
        Assert.Equal("web-0", requeued.Pod.Uid);
    }

    [Fact]
    public async Task Sweep_NotLeading_ExpiresTheSameSharesButLeavesThePodToTheLeader()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(2, "web"));
        await harness.ProvisionQueuedAsync();
        harness.Worlds.Control.IsLeader = false;
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        DrainChannel(harness);

        harness.Get<ReservationUpkeep>().Sweep();

        Assert.Equal(0, harness.Ledger.Current.Count);
        Assert.False(harness.Channel.TryRead(out _));
        Assert.DoesNotContain(harness.Events.Events, e => e.Reason == "ReservationExpired");
    }

    [Fact]
    public async Task Sweep_PodDeletedBeforeThisReplicaSawIt_ItsShareIsDropped()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(2, "web"));
        await harness.ProvisionQueuedAsync();
        harness.Cluster.DeletePod("web-1");

        harness.Get<ReservationUpkeep>().Sweep();

        Assert.True(harness.Ledger.Current.Holds("web-0"));
        Assert.False(harness.Ledger.Current.Holds("web-1"));
    }

    /// <summary>
    /// Found by the chaos soak: a follower still held two bound pods' room at rest. A claim update merged from a cluster
    /// snapshot read just before the pods bound, and committed just after the pod watch released them, held them again.
    /// </summary>
    [Fact]
    public async Task Sweep_ShareHeldAgainAfterItsPodBound_IsReleased()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(2, "web"));
        await harness.ProvisionQueuedAsync();
        var claim = harness.Ledger.Current.Claims.Single(c => c.Pods.ContainsKey("web-1"));
        var share = claim.Pods["web-1"];
        harness.Bind(harness.Cluster.Current.FindPod("web-1")!, "node-a");
        Assert.False(harness.Ledger.Current.Holds("web-1"));
        harness.Ledger.Update(s => s.Reserve(claim.ClaimName, [share]));

        harness.Get<ReservationUpkeep>().Sweep();

        Assert.False(harness.Ledger.Current.Holds("web-1"));
        Assert.True(harness.Ledger.Current.Holds("web-0"));
    }

    /// <summary>The leader's start-up rescan queues the pods a second time while their first batch is planned.</summary>
    private static void DrainChannel(ProvisioningHarness harness)
    {
        while (harness.Channel.TryRead(out _))
        {
        }
    }
}
