using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Provisioning.Batching;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.TestKit.Builders;
using UnschedulablePod = Extender.Provisioning.Detection.UnschedulablePod;

namespace Extender.Tests.Provisioning;

/// <summary>
/// The 10,000-pod burst whose later half was detected 30–90 s late, at the scale of one node. Creation-time detection
/// judged each new pod alone against the registered nodes' free room, so every pod of the burst "fit" the same few free
/// slots, none was planned, and each waited until kube-scheduler got round to failing it. Room left to kube-scheduler
/// for a pod must count as taken for the pods after it, from either side that leaves it: detection at creation, or a
/// plan that puts pods on a registered node.
/// </summary>
public sealed class BurstDetectionTests
{
    private static readonly NodeSelectorRequirement OneType = new(WellKnownLabels.InstanceType, "In", ["m7i.xlarge"]);

    /// <summary>A registered node outside any claim with room for <paramref name="slots"/> of the 500m pods.</summary>
    private static Node ExistingNode(ProvisioningHarness harness, int slots)
    {
        var node = new NodeBuilder("existing").Cpu($"{slots * 500}m").Memory("16Gi").Build();
        harness.Cluster.UpsertNode(node);
        return node;
    }

    private static List<Pod> Created(int count, string prefix = "web") =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"{prefix}-{i}").Uid($"{prefix}-{i}").Cpu("500m").Memory("1Gi")
            .CreatedAt(PodBuilder.DefaultCreatedAt.AddMilliseconds(i)).Build())];

    private static async Task<IReadOnlyList<UnschedulablePod>> NextBatchAsync(ProvisioningHarness harness)
    {
        var batch = harness.Get<Batcher>().NextBatchAsync(CancellationToken.None);
        harness.Time.Advance(new BatchingOptions().MaxWindow);
        return await batch.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// What the batcher keeps of what is queued now; empty when it keeps nothing. A kept pod closes the batch once the
    /// (fake) window has passed; with nothing kept the batcher waits on for the channel, so it is stopped after a
    /// real-time grace that only such a wait lasts.
    /// </summary>
    private static async Task<IReadOnlyList<UnschedulablePod>> QueuedBatchAsync(ProvisioningHarness harness)
    {
        using var stop = new CancellationTokenSource();
        var batch = harness.Get<Batcher>().NextBatchAsync(stop.Token);
        harness.Time.Advance(new BatchingOptions().MaxWindow);
        if (await Task.WhenAny(batch, Task.Delay(TimeSpan.FromSeconds(2))) == batch)
        {
            return await batch;
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
        return [];
    }

    [Fact]
    public async Task Burst_FiftyPodsCreatedWithThreeFreeSlots_TheOtherFortySevenAreCoveredByTheFirstBatch()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        var existing = ExistingNode(harness, slots: 3);
        var burst = Created(50);
        harness.AddPendingPods(burst);

        var batch = await NextBatchAsync(harness);
        await harness.Get<BatchProvisioner>().ProvisionAsync(batch, CancellationToken.None);
        await harness.Get<InFlightLaunches>().WhenIdleAsync(CancellationToken.None);

        // Every pod of the burst is covered at once: the first three by the free room, in creation order as
        // kube-scheduler takes them, the others by a reservation on capacity bought for them.
        Assert.Equal(47, batch.Count);
        var reserved = burst.Where(p => harness.Ledger.Current.Holds(p.Uid)).ToList();
        Assert.Equal(burst.Skip(3).Select(p => p.Uid), reserved.Select(p => p.Uid));

        // And kube-scheduler, taking them in that order once the capacity is up, places every one.
        harness.BootNodes();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        foreach (var pod in burst)
        {
            var node = harness.Schedule(pod);
            Assert.NotNull(node);
            harness.Bind(pod, node);
        }

        Assert.Equal(3, harness.Cluster.Current.PodsBoundTo(existing.Name).Count);
    }

    [Fact]
    public async Task PlanPutsPodsOnARegisteredNode_PodCreatedNext_DoesNotCountThatRoomAsFree()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        ExistingNode(harness, slots: 3);
        await harness.PlanQueuedAsync(); // leadership starts (and rescans) before the pods come
        var failed = Created(3, "failed").Select(p => p with { MarkedUnschedulable = true }).ToList();
        harness.AddPendingPods(failed);
        await harness.ProvisionQueuedAsync();
        Assert.Empty(harness.Store.Claims);

        var late = Created(1, "late");
        harness.AddPendingPods(late);
        var batch = await QueuedBatchAsync(harness);

        Assert.Equal(["late-0"], batch.Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task PodLeftToSchedulerBinds_ItsRoomCountsOnceAsUsage()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        var node = ExistingNode(harness, slots: 2);
        var first = Created(1, "first");
        harness.AddPendingPods(first);
        Assert.Empty(await QueuedBatchAsync(harness));

        harness.Bind(first[0], node.Name);
        harness.AddPendingPods(Created(2, "next"));

        Assert.Equal(["next-1"], (await QueuedBatchAsync(harness)).Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task PodLeftToSchedulerReportedAgainAtCreation_DoesNotTakeItsRoomTwice()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        ExistingNode(harness, slots: 1);
        var pod = Created(1);
        harness.AddPendingPods(pod);
        Assert.Empty(await QueuedBatchAsync(harness));

        harness.AddPendingPods([pod[0] with { Labels = new Dictionary<string, string> { ["updated"] = "yes" } }]);

        Assert.Empty(await QueuedBatchAsync(harness));
    }

    [Fact]
    public async Task PodLeftToSchedulerNeverPlaced_ItsRoomIsFreeAgainAfterTheTtl()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        ExistingNode(harness, slots: 1);
        harness.AddPendingPods(Created(1, "first"));
        Assert.Empty(await QueuedBatchAsync(harness));

        harness.AddPendingPods(Created(1, "second"));
        var beforeTtl = await QueuedBatchAsync(harness);
        harness.Time.Advance(new DetectionOptions().LeftToSchedulerTtl);
        harness.AddPendingPods(Created(1, "third"));
        var afterTtl = await QueuedBatchAsync(harness);

        Assert.Equal(["second-0"], beforeTtl.Select(p => p.Pod.Uid));
        Assert.Empty(afterTtl);
    }

    /// <summary>The first 10k run after the fix: the sidecar lost its lease under load while the burst was created.</summary>
    [Fact]
    public async Task NewLeader_BurstCreatedWhileItWasNotLeading_PlannedWithoutWaitingForKubeScheduler()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        ExistingNode(harness, slots: 3);
        var burst = Created(20);
        foreach (var pod in burst)
        {
            harness.Cluster.UpsertPod(pod); // heard while another replica led, or while this one had lost its lease
        }

        await harness.Get<LeaderStart>().EnsureAsync(CancellationToken.None);
        var batch = await NextBatchAsync(harness);

        Assert.Equal(burst.Skip(3).Select(p => p.Uid), batch.Select(p => p.Pod.Uid));
    }
}
