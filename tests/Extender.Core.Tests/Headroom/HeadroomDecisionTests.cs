using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Headroom;

/// <summary>The pure headroom decision: which slots stand, which go, how many replicas need room.</summary>
public sealed class HeadroomDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Renew = TimeSpan.FromMinutes(10);

    private static HeadroomBuffer Buffer(int replicas, string name = "web", string uid = "buf-1") => new(
        new BufferSpec
        {
            Namespace = "default",
            Name = name,
            Uid = uid,
            Replicas = replicas,
            Selector = new LabelSelector(new Dictionary<string, string> { ["app"] = "web" }, []),
        },
        new PodBuilder("template").Label("app", "web").Cpu("1").Build(),
        new BufferSize(replicas, null, false));

    private static ReservedPod Slot(HeadroomBuffer buffer, string id) =>
        new(new PodReference("default", id, ReplacementKey.SlotUid(id)), ResourceList.Of(("cpu", 1000)), T0) { Replaces = buffer.Key };

    private static ClusterSnapshot Cluster(params Pod[] bound)
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("node-a").Cpu("4").Pods(110).Build());
        foreach (var pod in bound)
        {
            state.UpsertPod(pod);
        }

        return state.Current;
    }

    [Fact]
    public void Decide_NoSlots_HoldsEveryReplicaAsAPendingPodOfTheTemplateWithItsSlot()
    {
        var buffer = Buffer(3);

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(), ReservationSnapshot.Empty, T0, Renew));

        Assert.Equal(3, room.ToHold.Count);
        Assert.All(room.ToHold, h =>
        {
            Assert.Equal(buffer.Key, h.Slot.Replaces);
            Assert.Equal(h.AsPending.Uid, h.Slot.Pod.Uid);
            Assert.True(ReplacementKey.IsSlot(h.Slot.Pod.Uid));
            Assert.Equal(buffer.Template.Requests, h.AsPending.Requests);
            Assert.Equal("web", h.AsPending.Labels["app"]);
        });
        Assert.Equal(3, room.ToHold.Select(h => h.Slot.Pod.Uid).Distinct().Count());
        Assert.True(room.IsEmpty);
    }

    [Fact]
    public void Decide_SlotsOnAReadyNodeWithRoom_StandAndCountAsReady()
    {
        var buffer = Buffer(2);
        var ledger = ReservationSnapshot.Empty.Reserve("claim-a", [Slot(buffer, "s1"), Slot(buffer, "s2")]).AttachNode("claim-a", "node-a");

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(), ledger, T0, Renew));

        Assert.Empty(room.ToHold);
        Assert.Empty(room.ToRelease);
        Assert.Equal(2, room.ReadyHeld);
        Assert.False(room.IsEmpty);
    }

    [Fact]
    public void Decide_SlotWhoseRoomABoundPodTook_IsLostAndHeldAgain()
    {
        // 4 cpu; a pod bound by hand takes 3: one slot of 1 cpu still fits, the other does not.
        var buffer = Buffer(2);
        var ledger = ReservationSnapshot.Empty.Reserve("claim-a", [Slot(buffer, "s1"), Slot(buffer, "s2")]).AttachNode("claim-a", "node-a");
        var intruder = new PodBuilder("intruder").OnNode("node-a").Cpu("3").Build();

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(intruder), ledger, T0, Renew));

        Assert.Equal([ReplacementKey.SlotUid("s2")], room.ToRelease);
        Assert.Single(room.ToHold);
        Assert.Equal(1, room.ReadyHeld);
    }

    [Fact]
    public void Decide_RoomHeldForAPendingPodOnTheNode_CountsAgainstTheSlots()
    {
        var buffer = Buffer(1);
        var pending = new PodBuilder("pending").Uid("p1").Cpu("3500m").Build();
        var ledger = ReservationSnapshot.Empty
            .Reserve("claim-a", [Slot(buffer, "s1"), new ReservedPod(new PodReference("default", "pending", "p1"), pending.Requests, T0)])
            .AttachNode("claim-a", "node-a");

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(pending), ledger, T0, Renew));

        Assert.Equal([ReplacementKey.SlotUid("s1")], room.ToRelease);
        Assert.Single(room.ToHold);
    }

    [Fact]
    public void Decide_Shrunk_ReleasesBootingSlotsFirstThenTheHighestUids()
    {
        var buffer = Buffer(1);
        var ledger = ReservationSnapshot.Empty
            .Reserve("claim-a", [Slot(buffer, "s1"), Slot(buffer, "s2")]).AttachNode("claim-a", "node-a")
            .Reserve("claim-booting", [Slot(buffer, "s0")]);

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(), ledger, T0, Renew));

        Assert.Equal([ReplacementKey.SlotUid("s0"), ReplacementKey.SlotUid("s2")], room.ToRelease);
        Assert.Empty(room.ToHold);
        Assert.Equal(3, room.Held);
    }

    [Fact]
    public void Decide_WindowClosed_ReleasesEverySlot()
    {
        var buffer = Buffer(2) with { Size = new BufferSize(0, null, WindowClosed: true) };
        var ledger = ReservationSnapshot.Empty.Reserve("claim-a", [Slot(buffer, "s1"), Slot(buffer, "s2")]).AttachNode("claim-a", "node-a");

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(), ledger, T0, Renew));

        Assert.Equal(2, room.ToRelease.Count);
        Assert.False(room.IsEmpty);
    }

    [Fact]
    public void Decide_SlotsOnBootingCapacity_StandButAreNotReady()
    {
        var buffer = Buffer(1);
        var ledger = ReservationSnapshot.Empty.Reserve("claim-booting", [Slot(buffer, "s1")]);

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(), ledger, T0, Renew));

        Assert.Empty(room.ToHold);
        Assert.Empty(room.ToRelease);
        Assert.True(room.IsEmpty);
    }

    [Fact]
    public void Decide_StandingSlotOlderThanRenewAfter_IsHeldAgainOnItsClaimUnderANewSlot()
    {
        var buffer = Buffer(2);
        var ledger = ReservationSnapshot.Empty.Reserve("claim-a", [Slot(buffer, "s1"), Slot(buffer, "s2") with { ReservedAt = T0 + Renew }]).AttachNode("claim-a", "node-a");

        var room = Assert.Single(HeadroomDecision.Decide([buffer], Cluster(), ledger, T0 + Renew, Renew));

        var renewal = Assert.Single(room.ToRenew);
        Assert.Equal(ReplacementKey.SlotUid("s1"), renewal.OldSlot);
        Assert.Equal("claim-a", renewal.Claim);
        Assert.Equal(T0 + Renew, renewal.Slot.ReservedAt);
        Assert.Equal(buffer.Key, renewal.Slot.Replaces);
        Assert.Empty(room.ToHold);
    }

    [Fact]
    public void Orphans_SlotsOfABufferNoLongerListed_AndNoReplacementSlots()
    {
        var kept = Buffer(1);
        var gone = Buffer(1, "old", "buf-gone");
        var replacement = ReplacementKey.Slot(new PodBuilder("evicted").OwnedBy("ReplicaSet", "rs-1").Cpu("1").Build(), T0)!;
        var ledger = ReservationSnapshot.Empty.Reserve("claim-a", [Slot(kept, "s1"), Slot(gone, "s2"), replacement]);

        Assert.Equal([ReplacementKey.SlotUid("s2")], HeadroomDecision.Orphans([kept], ledger));
    }

    [Fact]
    public void For_PodTheSelectorMatchesInTheBuffersNamespace_OthersNot()
    {
        var buffers = new[] { Buffer(1) };

        Assert.NotNull(HeadroomDecision.For(new PodBuilder("w").Label("app", "web").Build(), buffers));
        Assert.Null(HeadroomDecision.For(new PodBuilder("o").Label("app", "batch").Build(), buffers));
        Assert.Null(HeadroomDecision.For(new PodBuilder("w").Namespace("other").Label("app", "web").Build(), buffers));
    }

    [Fact]
    public void Adopt_IntendedPodTakesABufferSlotOnItsNode_AnyOtherPodNothing()
    {
        var buffer = Buffer(1);
        var ledger = ReservationSnapshot.Empty.Reserve("claim-a", [Slot(buffer, "s1")]).AttachNode("claim-a", "node-a");
        var intended = new PodBuilder("web-1").Uid("w1").Label("app", "web").Cpu("1").Build();
        var other = new PodBuilder("batch-1").Uid("b1").Label("app", "batch").Cpu("1").Build();

        var taken = ledger.Adopt(other, HeadroomDecision.For(other, [buffer])?.Key, out var none).Adopt(intended, HeadroomDecision.For(intended, [buffer])?.Key, out var took);

        Assert.False(taken.Holds("b1"));
        Assert.Null(none);
        Assert.Equal(buffer.Key, took!.Key);
        Assert.True(taken.IsReservedOn("w1", "node-a"));
        Assert.Empty(taken.SlotsFor(buffer.Key));
        Assert.Equal(ResourceList.Of(("cpu", 1000)), ledger.HeldForOthers("node-a", "b1", Cluster()));
    }

    [Fact]
    public void PoolRequested_SumsTheRequestsOnThePoolsNodes()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("a").Cpu("4").Label("provisioning.extender.io/nodepool", "default").Build());
        state.UpsertNode(new NodeBuilder("b").Cpu("4").Label("provisioning.extender.io/nodepool", "other").Build());
        state.UpsertPod(new PodBuilder("p1").OnNode("a").Cpu("1500m").Build());
        state.UpsertPod(new PodBuilder("p2").OnNode("b").Cpu("2").Build());

        Assert.Equal(1500, HeadroomDecision.PoolRequested(state.Current, "default")["cpu"]);
        Assert.Equal(ResourceList.Empty, HeadroomDecision.PoolRequested(state.Current, null));
    }
}
