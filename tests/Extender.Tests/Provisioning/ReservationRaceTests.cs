using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Lifecycle;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

/// <summary>
/// The 10,000-pod burst that stranded pods, at the scale of one node. There, NodeClaim status writes waited seconds
/// behind bindings while the instances booted in two; each node registered before its claim's provider ID was known,
/// so the extender saw a node with room and no holds, kube-scheduler filled it with pods it was not bought for, and the
/// owners kept a reservation on a full node until its 20-minute TTL (815 and 125 pods in two of four runs).
/// </summary>
public sealed class ReservationRaceTests
{
    private static readonly NodeSelectorRequirement OneType = new(WellKnownLabels.InstanceType, "In", ["m7i.xlarge"]);

    private static List<Pod> Pods(int count, string cpu, string prefix = "web") =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"{prefix}-{i}").Uid($"{prefix}-{i}").Cpu(cpu).Memory("1Gi").MarkedUnschedulable().Build())];

    [Fact]
    public async Task NodeRegisters_WhileItsClaimStatusWriteWaits_ItsRoomIsHeldFromTheFirstFilter()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        var statusWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Store.StatusUpdateGate = (_, token) => statusWrite.Task.WaitAsync(token);
        var owners = Pods(3, cpu: "1");
        harness.AddPendingPods(owners);

        await harness.PlanQueuedAsync();
        Assert.True(await Eventually(() => harness.Capacity.LiveInstances.Count == 1));
        var node = RegisterNode(harness, harness.Capacity.LiveInstances[0].ProviderId);
        var stranger = new PodBuilder("batch-0").Uid("batch-0").Cpu("2").Build();

        try
        {
            Assert.Null(harness.Schedule(stranger));
            Assert.All(owners, p => Assert.Equal(node.Name, harness.Schedule(p)));
        }
        finally
        {
            statusWrite.SetResult();
            await harness.Get<InFlightLaunches>().WhenIdleAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task LaunchAnswer_AfterTheNodeWasSeen_AttachesTheNodeAtOnce()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bought = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Capacity.AfterLaunch = (_, instance) => bought.TrySetResult(instance.ProviderId);
        harness.Capacity.LaunchGate = (_, token) => answer.Task.WaitAsync(token);
        harness.Store.StatusUpdateGate = (_, token) => Task.Delay(Timeout.Infinite, token);
        harness.AddPendingPods(Pods(3, cpu: "1"));

        await harness.PlanQueuedAsync();
        var node = RegisterNode(harness, await bought.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(harness.Ledger.Current.NodeOf(harness.Registry.All.Single().Name));
        answer.SetResult();

        Assert.True(await Eventually(() => harness.Ledger.Current.NodeOf(harness.Registry.All.Single().Name) == node.Name));
        Assert.Null(harness.Schedule(new PodBuilder("batch-0").Uid("batch-0").Cpu("2").Build()));
    }

    [Fact]
    public async Task ReservedNodeFilledByAStranger_OwnersReportedAgain_HoldGivenUpAndPlannedOnNewCapacity()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        var owners = Pods(3, cpu: "1");
        harness.AddPendingPods(owners);
        await harness.ProvisionQueuedAsync();
        var first = harness.BootNodes().Single();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var firstClaim = harness.Registry.All.Single().Name;

        // A pod bound without the extender (nodeName set by hand, or placed before the hold was known) takes the room.
        harness.Bind(new PodBuilder("intruder").Uid("intruder").Cpu("3").Build(), first.Name);
        foreach (var owner in owners)
        {
            harness.Channel.TryWrite(owner);
        }

        await harness.ProvisionQueuedAsync();

        Assert.Equal(2, harness.Store.Claims.Count);
        var second = harness.Store.Claims.Single(c => c.Name != firstClaim);
        Assert.Equal(owners.Select(p => p.Uid).Order(), second.ReservedFor.Select(r => r.Pod.Uid).Order());
        Assert.All(owners, p => Assert.Equal(second.Name, harness.Ledger.Current.ClaimOf(p.Uid)));
        Assert.Equal(3, harness.Events.Events.Count(e => e.Reason == "ReservationLost"));
    }

    [Fact]
    public async Task ReservedNodeStillHasRoom_OwnerReportedAgain_KeepsItsHoldAndNothingIsBought()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(OneType));
        var owners = Pods(3, cpu: "1");
        harness.AddPendingPods(owners);
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        harness.Bind(new PodBuilder("small").Uid("small").Cpu("500m").Build(), node.Name);

        foreach (var owner in owners)
        {
            harness.Channel.TryWrite(owner);
        }

        await harness.ProvisionQueuedAsync();

        Assert.Single(harness.Store.Claims);
        Assert.Single(harness.Capacity.Launches);
        Assert.All(owners, p => Assert.True(harness.Ledger.Current.IsReservedOn(p.Uid, node.Name)));
        Assert.DoesNotContain(harness.Events.Events, e => e.Reason == "ReservationLost");
    }

    [Fact]
    public async Task Provision_ReportedPodTheWatchNeverShowed_NothingIsBought()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var madeUp = new PodBuilder("ghost").Uid("ghost").Cpu("2").MarkedUnschedulable().Build();
        harness.Channel.TryWrite(madeUp);
        var replaced = new PodBuilder("web-0").Uid("old-uid").Cpu("1").MarkedUnschedulable().Build();
        harness.AddPendingPods([new PodBuilder("web-0").Uid("new-uid").Cpu("1").Build() with { NodeName = "elsewhere" }]);
        harness.Channel.TryWrite(replaced);

        await harness.ProvisionQueuedAsync();

        Assert.Empty(harness.Store.Claims);
        Assert.Empty(harness.Capacity.Launches);
    }

    private static Node RegisterNode(ProvisioningHarness harness, string providerId)
    {
        var type = DefaultCatalog.Load().Find("m7i.xlarge")!;
        var node = new Node
        {
            Name = "ip-" + providerId[^8..],
            ProviderId = providerId,
            Allocatable = type.Allocatable,
            Labels = new Dictionary<string, string>(type.Labels) { [WellKnownLabels.Zone] = "us-east-1a", [WellKnownLabels.CapacityType] = CapacityTypes.OnDemand },
            CreatedAt = harness.Time.GetUtcNow(),
        };

        // As the node watch does: announced first, then published.
        harness.Get<NodeWatchSource>().OnNodeChanged(node);
        harness.Cluster.UpsertNode(node);
        return node;
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        return condition();
    }
}
