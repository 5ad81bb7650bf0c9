using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Reservations;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Reservations;

/// <summary>Replacement slots: room held for the pod a controller will create in place of an evicted one.</summary>
public sealed class ReplacementSlotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(20);

    private static Pod Pod(string uid, string? ownerKind = "ReplicaSet", string? ownerUid = "rs-1", long cpu = 1500, string name = "", string? node = null) => new()
    {
        Uid = uid,
        Namespace = "default",
        Name = name.Length > 0 ? name : "web-" + uid,
        NodeName = node,
        OwnerKind = ownerKind,
        OwnerUid = ownerUid,
        Labels = new Dictionary<string, string> { ["app"] = "web" },
        Requests = ResourceList.Of(("cpu", cpu), ("pods", 1000)),
    };

    private static ReservationSnapshot SlotOnNode(Pod evicted) =>
        ReservationSnapshot.Empty.Reserve("claim-new", [ReplacementKey.Slot(evicted, T0)!]).AttachNode("claim-new", "node-new");

    [Theory]
    [InlineData(null, null)]
    [InlineData("DaemonSet", "ds-1")]
    [InlineData("Node", "node-uid")]
    [InlineData("ReplicaSet", null)]
    public void Of_PodNothingRecreatesElsewhere_HasNoKey(string? ownerKind, string? ownerUid) =>
        Assert.Null(ReplacementKey.Of(Pod("p1", ownerKind, ownerUid)));

    [Fact]
    public void Of_PodsOfOneControllerAndShape_ShareAKeyWhateverTheirUidAndName() =>
        Assert.Equal(ReplacementKey.Of(Pod("p1")), ReplacementKey.Of(Pod("p2")));

    [Theory]
    [InlineData("ReplicaSet", "rs-2", 1500)]
    [InlineData("ReplicaSet", "rs-1", 1000)]
    public void Of_OtherControllerOrOtherRequests_DiffersInKey(string ownerKind, string ownerUid, long cpu) =>
        Assert.NotEqual(ReplacementKey.Of(Pod("p1")), ReplacementKey.Of(Pod("p2", ownerKind, ownerUid, cpu)));

    [Fact]
    public void Of_StatefulSetPods_KeyedByTheNameTheirReplacementKeeps()
    {
        Assert.Equal(ReplacementKey.Of(Pod("p1", "StatefulSet", "sts", name: "db-0")), ReplacementKey.Of(Pod("p9", "StatefulSet", "sts", name: "db-0")));
        Assert.NotEqual(ReplacementKey.Of(Pod("p1", "StatefulSet", "sts", name: "db-0")), ReplacementKey.Of(Pod("p2", "StatefulSet", "sts", name: "db-1")));
    }

    [Fact]
    public void Slot_NeverNamesAPod_SoItsRoomCountsAsHeldForEveryPod()
    {
        var evicted = Pod("old", node: "node-old");
        var slots = SlotOnNode(evicted);
        var cluster = new ClusterState();
        cluster.UpsertPod(evicted);

        Assert.True(ReplacementKey.IsSlot(ReplacementKey.SlotUid("old")));
        Assert.False(slots.Holds("old"));
        Assert.Equal(ResourceList.Of(("cpu", 1500), ("pods", 1000)), slots.HeldForOthers("node-new", "stranger", cluster.Current));
    }

    [Fact]
    public void Adopt_FirstNewPodOfTheKey_TakesTheSlotWithItsStartAndOnItsNode_SecondGetsNothing()
    {
        var slots = SlotOnNode(Pod("old"));

        var adopted = slots.Adopt(Pod("new-1")).Adopt(Pod("new-2"));

        Assert.True(adopted.IsReservedOn("new-1", "node-new"));
        Assert.False(adopted.Holds("new-2"));
        Assert.False(adopted.Holds(ReplacementKey.SlotUid("old")));
        Assert.False(adopted.HasOpenSlots);
        Assert.Equal(T0, adopted.OnClaim("claim-new")!.Pods["new-1"].ReservedAt);
        Assert.Equal(ResourceList.Empty.Add(ResourceList.Of(("cpu", 0), ("pods", 0))), adopted.HeldForOthers("node-new", "new-1", ClusterSnapshot.Empty));
    }

    [Theory]
    [InlineData("ReplicaSet", "rs-2", 1500)]
    [InlineData("ReplicaSet", "rs-1", 1000)]
    [InlineData(null, null, 1500)]
    public void Adopt_PodOfAnotherKey_LeavesTheSlotOpen(string? ownerKind, string? ownerUid, long cpu)
    {
        var slots = SlotOnNode(Pod("old"));

        var after = slots.Adopt(Pod("other", ownerKind, ownerUid, cpu));

        Assert.Same(slots, after);
        Assert.True(after.HasOpenSlots);
    }

    [Fact]
    public void Merge_SlotListedByItsClaim_HeldThoughNoPodHasItsUid_AndNotReopenedOnceTaken()
    {
        var claim = new NodeClaim { Name = "claim-new", NodePool = "default", NodeClass = "default", ReservedFor = [ReplacementKey.Slot(Pod("old"), T0)!] };

        var merged = ReservationSnapshot.Empty.Merge(claim, _ => false, T0, Ttl);
        var taken = merged.Adopt(Pod("new-1")).Merge(claim, _ => true, T0, Ttl);

        Assert.True(merged.HasOpenSlots);
        Assert.False(taken.HasOpenSlots);
        Assert.True(taken.Holds("new-1"));
    }

    [Fact]
    public void ReleaseClaim_ClaimHoldingASlot_ClosesIt()
    {
        var released = SlotOnNode(Pod("old")).ReleaseClaim("claim-new");

        Assert.False(released.HasOpenSlots);
        Assert.Same(released, released.Adopt(Pod("new-1")));
    }

    [Fact]
    public void GiveUp_Slot_ClosesItForGood()
    {
        var slot = ReplacementKey.SlotUid("old");
        var claim = new NodeClaim { Name = "claim-new", NodePool = "default", NodeClass = "default", ReservedFor = [ReplacementKey.Slot(Pod("old"), T0)!] };

        var givenUp = SlotOnNode(Pod("old")).GiveUp([slot]).Merge(claim, _ => false, T0, Ttl);

        Assert.False(givenUp.HasOpenSlots);
    }

    [Fact]
    public void ReplacementPlan_NodePods_ControllerPodsGetSlots_BarePodsNone_DaemonSetStaticFinishedAndTerminatingStay()
    {
        Pod[] pods =
        [
            Pod("rs"),
            Pod("bare", null, null),
            Pod("ds", "DaemonSet", "ds-1"),
            Pod("static", "Node", "n"),
            Pod("done") with { Phase = "Succeeded" },
            Pod("leaving") with { Terminating = true },
        ];

        var plan = ReplacementPlan.For(pods, T0);

        var moving = Assert.Single(plan.Moving);
        Assert.Equal("rs", moving.Pod.Uid);
        Assert.Equal(ReplacementKey.SlotUid("rs"), moving.AsPending.Uid);
        Assert.Null(moving.AsPending.NodeName);
        Assert.Equal(ReplacementKey.Of(pods[0]), moving.Slot.Replaces);
        Assert.Equal("bare", Assert.Single(plan.NotReplaced).Uid);
    }
}
