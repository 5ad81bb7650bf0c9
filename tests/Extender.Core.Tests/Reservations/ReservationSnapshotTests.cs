using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Reservations;

public sealed class ReservationSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(20);

    private static ReservedPod Share(string uid, long cpuMilli, DateTimeOffset? at = null) =>
        new(new PodReference("default", "pod-" + uid, uid), ResourceList.Of(("cpu", cpuMilli), ("pods", 1000)), at ?? T0);

    private static ReservationSnapshot TwoPodsOnNode() =>
        ReservationSnapshot.Empty.Reserve("claim-a", [Share("p1", 500), Share("p2", 1500)]).AttachNode("claim-a", "node-a");

    [Theory]
    [InlineData("p1", 1500, 1000)]
    [InlineData("p2", 500, 1000)]
    [InlineData("stranger", 2000, 2000)]
    public void HeldForOthers_ReservedOrOtherPod_ExcludesOnlyItsOwnShare(string podUid, long expectedCpu, long expectedPods)
    {
        var held = TwoPodsOnNode().HeldForOthers("node-a", podUid, ClusterSnapshot.Empty);

        Assert.Equal(ResourceList.Of(("cpu", expectedCpu), ("pods", expectedPods)), held);
    }

    [Fact]
    public void HeldForOthers_PodTheClusterShowsBound_HoldsNothingWhileItsReleaseIsOnTheWay()
    {
        var cluster = new ClusterState();
        cluster.UpsertPod(new Pod { Uid = "p2", Namespace = "default", Name = "pod-p2", NodeName = "node-a", Requests = ResourceList.Of(("cpu", 1500)) });

        var held = TwoPodsOnNode().HeldForOthers("node-a", "p1", cluster.Current);

        Assert.Equal(ResourceList.Of(("cpu", 0), ("pods", 0)), held);
    }

    [Fact]
    public void HeldForOthers_ClaimNotRegistered_HoldsNothingOnAnyNode()
    {
        var snapshot = ReservationSnapshot.Empty.Reserve("claim-a", [Share("p1", 500)]);

        Assert.Equal(ResourceList.Empty, snapshot.HeldForOthers("node-a", "stranger", ClusterSnapshot.Empty));
        Assert.True(snapshot.Holds("p1"));
    }

    [Theory]
    [InlineData("p1", "node-a", true)]
    [InlineData("p1", "node-b", false)]
    [InlineData("stranger", "node-a", false)]
    public void IsReservedOn_PodAndNode_TrueOnlyForItsOwnNode(string podUid, string node, bool expected) =>
        Assert.Equal(expected, TwoPodsOnNode().IsReservedOn(podUid, node));

    [Fact]
    public void ReleasePods_PodBoundElsewhere_FreesItsShareOnly()
    {
        var before = TwoPodsOnNode();

        var after = before.ReleasePods(["p2"]);

        Assert.Equal(ResourceList.Of(("cpu", 500), ("pods", 1000)), after.HeldForOthers("node-a", "stranger", ClusterSnapshot.Empty));
        Assert.Equal(1, after.Count);
        Assert.Equal(2, before.Count);
    }

    [Fact]
    public void ReleasePods_UnknownPod_ReturnsSameSnapshot()
    {
        var before = TwoPodsOnNode();

        Assert.Same(before, before.ReleasePods(["stranger"]));
    }

    [Fact]
    public void ReleaseClaim_ClaimGone_DropsEverySharesAndNode()
    {
        var after = TwoPodsOnNode().ReleaseClaim("claim-a");

        Assert.Equal(0, after.Count);
        Assert.Equal(ResourceList.Empty, after.HeldForOthers("node-a", "stranger", ClusterSnapshot.Empty));
        Assert.Null(after.OnClaim("claim-a"));
    }

    [Fact]
    public void Reserve_PodHeldOnAnotherClaim_MovesTheShare()
    {
        var after = TwoPodsOnNode().Reserve("claim-b", [Share("p1", 500)]);

        Assert.Equal("claim-b", after.ClaimOf("p1"));
        Assert.Equal(ResourceList.Of(("cpu", 1500), ("pods", 1000)), after.OnClaim("claim-a")!.Total);
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public void ExpiredAt_SharesOlderThanTtl_ReturnedInUidOrder()
    {
        var snapshot = ReservationSnapshot.Empty.Reserve("c", [Share("b", 1, T0), Share("a", 1, T0), Share("c", 1, T0.AddMinutes(10))]);

        var expired = snapshot.ExpiredAt(T0.AddMinutes(20), TimeSpan.FromMinutes(20));

        Assert.Equal(["a", "b"], expired.Select(p => p.Pod.Uid));
    }

    [Fact]
    public void FromClaims_RestartWithBoundAndDeletingClaims_RebuildsOnlyPendingShares()
    {
        var registered = new NodeClaim
        {
            Name = "claim-a",
            NodePool = "default",
            NodeClass = "default",
            ReservedFor = [Share("p1", 500), Share("bound", 700)],
            Status = new NodeClaimStatus { NodeName = "node-a" },
        };
        var deleting = new NodeClaim { Name = "claim-b", NodePool = "default", NodeClass = "default", ReservedFor = [Share("p3", 1)], DeletedAt = DateTimeOffset.UnixEpoch };

        var snapshot = ReservationSnapshot.FromClaims([registered, deleting], uid => uid != "bound", T0, Ttl);

        Assert.True(snapshot.IsReservedOn("p1", "node-a"));
        Assert.False(snapshot.Holds("bound"));
        Assert.False(snapshot.Holds("p3"));
    }

    [Fact]
    public void Reserve_OnAClaimWhoseNodeRegisteredWhileItHeldNothing_HoldsOnThatNode()
    {
        var snapshot = ReservationSnapshot.Empty.AttachNode("claim-a", "node-a").Reserve("claim-a", [Share("p1", 500)]);

        Assert.Equal("node-a", snapshot.NodeOf("claim-a"));
        Assert.True(snapshot.IsReservedOn("p1", "node-a"));
        Assert.Equal(ResourceList.Of(("cpu", 500), ("pods", 1000)), snapshot.HeldForOthers("node-a", "stranger", ClusterSnapshot.Empty));
    }

    [Fact]
    public void ReleaseClaim_ClaimThatHeldNothing_ForgetsItsNode()
    {
        var snapshot = ReservationSnapshot.Empty.AttachNode("claim-a", "node-a").ReleaseClaim("claim-a").Reserve("claim-b", [Share("p1", 500)]);

        Assert.Null(snapshot.NodeOf("claim-a"));
        Assert.Equal(ResourceList.Empty, snapshot.HeldForOthers("node-a", "stranger", ClusterSnapshot.Empty));
    }

    [Fact]
    public void FromClaims_PodListedByTwoClaims_HoldsOnlyItsNewestReservation()
    {
        var lost = new NodeClaim { Name = "claim-z", NodePool = "default", NodeClass = "default", ReservedFor = [Share("p1", 500, T0)], Status = new NodeClaimStatus { NodeName = "node-z" } };
        var replacement = new NodeClaim { Name = "claim-a", NodePool = "default", NodeClass = "default", ReservedFor = [Share("p1", 500, T0.AddMinutes(1))] };

        var snapshot = ReservationSnapshot.FromClaims([lost, replacement], _ => true, T0.AddMinutes(2), Ttl);

        Assert.Equal("claim-a", snapshot.ClaimOf("p1"));
        Assert.Equal(ResourceList.Empty, snapshot.HeldForOthers("node-z", "stranger", ClusterSnapshot.Empty));
        Assert.Equal("node-z", snapshot.NodeOf("claim-z"));
    }

    private static NodeClaim Claim(string name, string? node = null, params ReservedPod[] shares) =>
        new() { Name = name, NodePool = "default", NodeClass = "default", ReservedFor = shares, Status = new NodeClaimStatus { NodeName = node } };

    [Theory]
    [InlineData(0, true)]
    [InlineData(19, true)]
    [InlineData(20, false)]
    public void Merge_ShareAge_HeldOnlyWithinTheTtl(int minutesLater, bool held)
    {
        var snapshot = ReservationSnapshot.Empty.Merge(Claim("claim-a", "node-a", Share("p1", 500)), _ => true, T0.AddMinutes(minutesLater), Ttl);

        Assert.Equal(held, snapshot.IsReservedOn("p1", "node-a"));
        Assert.Equal("node-a", snapshot.NodeOf("claim-a"));
    }

    [Fact]
    public void Merge_SameClaimAgain_ChangesNothing()
    {
        var claim = Claim("claim-a", "node-a", Share("p1", 500), Share("p2", 700));
        var once = ReservationSnapshot.Empty.Merge(claim, _ => true, T0, Ttl);

        var twice = once.Merge(claim, _ => true, T0, Ttl);

        Assert.Same(once.OnClaim("claim-a"), twice.OnClaim("claim-a"));
        Assert.Equal(2, twice.Count);
    }

    [Fact]
    public void Merge_OlderShareOfAPodHeldElsewhere_KeepsTheNewerHold()
    {
        var snapshot = ReservationSnapshot.Empty
            .Merge(Claim("claim-b", null, Share("p1", 500, T0.AddMinutes(1))), _ => true, T0.AddMinutes(2), Ttl)
            .Merge(Claim("claim-a", "node-a", Share("p1", 500, T0)), _ => true, T0.AddMinutes(2), Ttl);

        Assert.Equal("claim-b", snapshot.ClaimOf("p1"));
    }

    [Fact]
    public void Merge_ClaimDeletedHereThenShownByALaggingWatch_StaysGoneUntilTheWatchReportsTheDelete()
    {
        var claim = Claim("claim-a", "node-a", Share("p1", 500));
        var deleted = ReservationSnapshot.Empty.Merge(claim, _ => true, T0, Ttl).ReleaseClaim("claim-a");

        var lagging = deleted.Merge(claim, _ => true, T0, Ttl);
        var recreated = lagging.ForgetClaim("claim-a").Merge(claim, _ => true, T0, Ttl);

        Assert.False(lagging.Holds("p1"));
        Assert.True(recreated.Holds("p1"));
    }

    [Fact]
    public void Merge_ShareGivenUpHere_NotHeldAgainButItsNextReservationIs()
    {
        var first = Claim("claim-a", "node-a", Share("p1", 500, T0));
        var givenUp = ReservationSnapshot.Empty.Merge(first, _ => true, T0, Ttl).GiveUp(["p1"]);

        var again = givenUp.Merge(first, _ => true, T0.AddMinutes(1), Ttl);
        var moved = again.Merge(Claim("claim-b", null, Share("p1", 500, T0.AddMinutes(1))), _ => true, T0.AddMinutes(1), Ttl);

        Assert.False(again.Holds("p1"));
        Assert.Equal("claim-b", moved.ClaimOf("p1"));
    }

    [Fact]
    public void Merge_PodNoLongerPendingOrClaimDeleting_HoldsNothing()
    {
        var deleting = Claim("claim-b", null, Share("p2", 500)) with { DeletedAt = DateTimeOffset.UnixEpoch };

        var snapshot = ReservationSnapshot.Empty
            .Merge(Claim("claim-a", "node-a", Share("p1", 500), Share("bound", 500)), uid => uid != "bound", T0, Ttl)
            .Merge(deleting, _ => true, T0, Ttl);

        Assert.True(snapshot.Holds("p1"));
        Assert.False(snapshot.Holds("bound"));
        Assert.False(snapshot.Holds("p2"));
    }

    /// <summary>
    /// The chaos soak's leak: a deleted pod counts as "not delivered yet" (pending) once the cache no longer holds it,
    /// so any later update of the claim that lists it held its room again, refused to every other pod until the TTL.
    /// </summary>
    [Fact]
    public void Merge_PodDeletedThenItsClaimChanges_HoldsNothingAgain()
    {
        var claim = Claim("claim-a", "node-a", Share("p1", 500), Share("p2", 500));
        var deleted = ReservationSnapshot.Empty.Merge(claim, _ => true, T0, Ttl).ReleaseDeleted(["p1"], T0.AddSeconds(5));

        var updated = deleted.Merge(claim with { Status = new NodeClaimStatus { NodeName = "node-a", ProviderId = "aws:///a/i-1" } }, _ => true, T0.AddSeconds(6), Ttl);
        var rebuilt = ReservationSnapshot.FromClaims([claim], _ => true, T0.AddSeconds(6), Ttl).ReleaseDeleted(["p1"], T0.AddSeconds(6)).Merge(claim, _ => true, T0.AddSeconds(7), Ttl);

        Assert.False(updated.Holds("p1"));
        Assert.True(updated.Holds("p2"));
        Assert.False(rebuilt.Holds("p1"));
    }

    [Fact]
    public void Reserve_PodDeletedWhileItsBatchWasPlanned_HoldsNothing()
    {
        var deleted = ReservationSnapshot.Empty.ReleaseDeleted(["p1"], T0);

        var reserved = deleted.Reserve("claim-a", [Share("p1", 500), Share("p2", 500)]);

        Assert.False(reserved.Holds("p1"));
        Assert.True(reserved.Holds("p2"));
        Assert.Equal(500, reserved.OnClaim("claim-a")!.Total["cpu"]);
    }

    [Theory]
    [InlineData(39, 1)]
    [InlineData(41, 0)]
    public void ForgetDeletionsBefore_DeletionsOlderThanTheCutOff_Forgotten(int minutesLater, int remembered)
    {
        var deleted = ReservationSnapshot.Empty.ReleaseDeleted(["p1"], T0);

        var pruned = deleted.ForgetDeletionsBefore(T0.AddMinutes(minutesLater) - (2 * Ttl));

        Assert.Equal(remembered, pruned.DeletedRemembered);
    }
}
