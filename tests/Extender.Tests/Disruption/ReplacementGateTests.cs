using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Disruption.Replacing;
using Extender.Provisioning.Launching;
using Extender.TestKit.Builders;
using Extender.Tests.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Extender.Tests.Disruption;

/// <summary>Reserve before evict through the claim lifecycle: a disrupted node's pods leave once the room held for them is Ready.</summary>
public sealed class ReplacementGateTests
{
    private static readonly TimeSpan ReadyTimeout = new ReplacementOptions().ReadyTimeout;

    /// <summary>A Ready node of ours running <paramref name="pods"/>, its claim decided Drifted and deleted, as the disruption loop leaves it.</summary>
    private static async Task<(ProvisioningHarness Harness, Node Node, NodeClaim Claim)> DriftedNodeAsync(params PodBuilder[] pods)
    {
        var (harness, node, claim) = await RunningNodeAsync(pods);
        return (harness, node, await DecideAsync(harness, claim));
    }

    /// <summary>A Ready node of ours running <paramref name="pods"/>, not disrupted (yet).</summary>
    private static async Task<(ProvisioningHarness Harness, Node Node, NodeClaim Claim)> RunningNodeAsync(params PodBuilder[] pods)
    {
        var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var node = await harness.RunOnNewNodeAsync(new PodBuilder("seed").Uid("seed").Cpu("1").MarkedUnschedulable().Build());
        harness.Cluster.DeletePod("seed");
        harness.Cluster.UpsertNode(harness.Cluster.Current.FindNode(node.Name)!.Node with { Ready = true, Finalizers = [TerminationFinalizer.Name] });
        foreach (var pod in pods)
        {
            harness.Cluster.UpsertPod(pod.OnNode(node.Name).Phase("Running").Build());
        }

        return (harness, node, Assert.Single(harness.Store.Claims));
    }

    /// <summary>What the disruption loop does to a claim it decides Drifted: the condition, then the deletion.</summary>
    private static async Task<NodeClaim> DecideAsync(ProvisioningHarness harness, NodeClaim claim)
    {
        var status = claim.Status.WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Disrupting, true, "Drifted", "NodePoolDrifted", harness.Time.GetUtcNow()));
        var recorded = await harness.Store.UpdateStatusAsync(claim.Name, status, CancellationToken.None);
        harness.Registry.Update(recorded, c => c with { Status = recorded.Status });
        harness.Store.RequestDeletion(claim.Name);
        return recorded;
    }

    /// <summary>A pass whose budget kept <paramref name="ahead"/> for the next wave (empty: nothing drifted any more).</summary>
    private static Task PreSpinAsync(ProvisioningHarness harness, params NodeClaim[] ahead)
    {
        var decisions = ahead.Select(c => new DisruptionDecision(c, DisruptionReasons.Drifted, "the NodePool's disruption budget allows 0 more")).ToList();
        var input = new DisruptionInput(harness.Registry.All, harness.Cluster.Current, new Dictionary<string, NodePool>(), _ => false, _ => DateTimeOffset.MinValue, (_, _, _) => null, harness.Time.GetUtcNow());
        return harness.Get<ReplacementGate>().PreSpinAsync(input, new DisruptionPlan([], decisions) { PreSpin = decisions }, CancellationToken.None);
    }

    private static IEnumerable<string> Reasons(ProvisioningHarness harness) => harness.Worlds.DisruptionEvents.Events.Select(e => e.Reason);

    [Fact]
    public async Task TickAsync_DisruptedNodeWithAControllerPod_BuysAndHoldsRoomFirst_EvictsOnlyOnceItIsReady()
    {
        var (harness, node, claim) = await DriftedNodeAsync(new PodBuilder("web-1").Uid("web-1").Cpu("1").OwnedBy("ReplicaSet", "rs-1"));
        using var _ = harness;

        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var replacement = Assert.Single(harness.Store.Claims, c => c.Name != claim.Name);
        var evictedWhileLaunching = harness.Worlds.Evictor.Evicted.Count;
        await harness.Get<InFlightLaunches>().WhenIdleAsync(CancellationToken.None);
        var booted = harness.BootNodes().Single();
        harness.Cluster.UpsertNode(booted with { Ready = false });
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var evictedWhileNotReady = harness.Worlds.Evictor.Evicted.Count;
        harness.Cluster.UpsertNode(booted with { Ready = true });

        // Registered on one pass, initialized on the next; the old claim may come before the new one in a pass.
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Contains(harness.Worlds.Patcher.Patches, p => p.Node == node.Name && p.Taints.Contains(DisruptionTaint.Taint));
        Assert.Equal(ReplacementKey.SlotUid("web-1"), Assert.Single(replacement.ReservedFor).Pod.Uid);
        Assert.Equal(0, evictedWhileLaunching);
        Assert.Equal(0, evictedWhileNotReady);
        Assert.Equal(["web-1"], harness.Worlds.Evictor.Evicted.Select(p => p.Name));
        Assert.Contains("ReplacementReady", Reasons(harness));

        // The ReplicaSet's new pod takes the slot: it is steered to the node held for it.
        var successor = new PodBuilder("web-2").Uid("web-2").Cpu("1").OwnedBy("ReplicaSet", "rs-1").Build();
        harness.Cluster.UpsertPod(successor);
        harness.Get<Extender.Provisioning.Detection.PodWatchSource>().OnPodChanged(successor);
        Assert.True(harness.Ledger.Current.IsReservedOn("web-2", booted.Name));
    }

    /// <summary>
    /// The leader writes the taking down, so a replica that rebuilds from the claims after the new pod bound holds
    /// nothing; without that write (a follower took it) the rebuilt slot holds the room until the TTL.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SlotTaken_WrittenDownByTheLeader_ARebuildAfterThePodBoundHoldsNothing(bool leader)
    {
        var (harness, _, claim) = await DriftedNodeAsync(new PodBuilder("web-1").Uid("web-1").Cpu("1").OwnedBy("ReplicaSet", "rs-1"));
        using var __ = harness;
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var replacement = Assert.Single(harness.Store.Claims, c => c.Name != claim.Name).Name;
        harness.Worlds.Control.IsLeader = leader;
        using var writer = new SlotTakenWriter(harness.Ledger, harness.Store, harness.Worlds.Control, harness.Get<IOptions<ProvisionerOptions>>(), harness.Time, NullLogger<SlotTakenWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        var successor = new PodBuilder("web-2").Uid("web-2").Cpu("1").OwnedBy("ReplicaSet", "rs-1").Build();
        harness.Cluster.UpsertPod(successor);
        harness.Get<Extender.Provisioning.Detection.PodWatchSource>().OnPodChanged(successor);
        var written = await SpinUntilAsync(() => harness.Store.Find(replacement)!.ReservedFor.Any(r => r.Pod.Uid == "web-2"), TimeSpan.FromSeconds(leader ? 10 : 1));
        await writer.StopAsync(CancellationToken.None);
        var rebuilt = ReservationSnapshot.FromClaims(harness.Store.Claims, _ => false, harness.Time.GetUtcNow(), TimeSpan.FromMinutes(20));

        Assert.Equal(leader, written);
        Assert.Equal(!leader, rebuilt.HasOpenSlots);
        Assert.Equal(leader ? 0 : 1, rebuilt.Count);
    }

    /// <summary>A rebuild from claims that still list a taken slot gives it back to the pending pod that took it.</summary>
    [Fact]
    public async Task Rebuild_SlotStillListedAndItsPodPending_ThePodTakesItAgain()
    {
        var (harness, _, claim) = await DriftedNodeAsync(new PodBuilder("web-1").Uid("web-1").Cpu("1").OwnedBy("ReplicaSet", "rs-1"));
        using var __ = harness;
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var successor = new PodBuilder("web-2").Uid("web-2").Cpu("1").OwnedBy("ReplicaSet", "rs-1").Build();
        harness.Cluster.UpsertPod(successor);

        var rebuilt = harness.Ledger.Rebuild(_ => ReservationSnapshot.FromClaims(harness.Store.Claims, _ => true, harness.Time.GetUtcNow(), TimeSpan.FromMinutes(20)), harness.Cluster.Current.PendingPods);

        Assert.False(rebuilt.HasOpenSlots);
        Assert.Equal(Assert.Single(harness.Store.Claims, c => c.Name != claim.Name).Name, rebuilt.ClaimOf("web-2"));
    }

    private static async Task<bool> SpinUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    [Fact]
    public async Task TickAsync_ReplacementNeverReady_EvictsAtTheTimeoutAndSaysSo()
    {
        var (harness, node, _) = await DriftedNodeAsync(new PodBuilder("web-1").Uid("web-1").Cpu("1").OwnedBy("ReplicaSet", "rs-1"));
        using var __ = harness;

        await harness.Lifecycle.TickAsync(CancellationToken.None);
        harness.Time.Advance(ReadyTimeout - TimeSpan.FromSeconds(1));
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var evictedBeforeTimeout = harness.Worlds.Evictor.Evicted.Count;
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(0, evictedBeforeTimeout);
        Assert.Equal(["web-1"], harness.Worlds.Evictor.Evicted.Select(p => p.Name));
        Assert.Contains(harness.Worlds.DisruptionEvents.Events, e => e.Kind == "Node" && e.Name == node.Name && e.Reason == "ReplacementNotReady");
    }

    [Fact]
    public async Task TickAsync_DisruptedNodeWithOnlyABarePod_NothingToHold_EvictsAtOnceAndSaysSo()
    {
        var (harness, _, claim) = await DriftedNodeAsync(new PodBuilder("lonely").Uid("lonely").Cpu("1"));
        using var __ = harness;

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(["lonely"], harness.Worlds.Evictor.Evicted.Select(p => p.Name));
        Assert.Single(harness.Store.Claims);
        Assert.Contains(harness.Worlds.DisruptionEvents.Events, e => e.Name == claim.Name && e.Reason == "NoReplacement" && e.Message.Contains("default/lonely", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PreSpun_ThenDecided_RoomAlreadyReady_EvictsOnTheFirstPassWithoutBuyingAgain()
    {
        var (harness, node, claim) = await RunningNodeAsync(new PodBuilder("web-1").Uid("web-1").Cpu("1").OwnedBy("ReplicaSet", "rs-1"));
        using var _ = harness;

        await PreSpinAsync(harness, claim);
        var replacement = Assert.Single(harness.Store.Claims, c => c.Name != claim.Name);
        await harness.Get<InFlightLaunches>().WhenIdleAsync(CancellationToken.None);
        harness.BootNodes();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var taintedAhead = harness.Worlds.Patcher.Patches.Any(p => p.Node == node.Name && p.Taints.Contains(DisruptionTaint.Taint));
        var evictedAhead = harness.Worlds.Evictor.Evicted.Count;
        var heldAhead = harness.Ledger.Current.OnClaim(replacement.Name)?.Pods.Count;

        await DecideAsync(harness, claim);
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal(ReplacementKey.SlotUid("web-1"), Assert.Single(replacement.ReservedFor).Pod.Uid);
        Assert.False(taintedAhead);
        Assert.Equal(0, evictedAhead);
        Assert.Equal(1, heldAhead);
        Assert.Equal(["web-1"], harness.Worlds.Evictor.Evicted.Select(p => p.Name));
        Assert.Equal(2, harness.Store.Claims.Count);
        Assert.Contains(harness.Worlds.Patcher.Patches, p => p.Node == node.Name && p.Taints.Contains(DisruptionTaint.Taint));
    }

    [Theory]
    [InlineData("no longer ahead")]
    [InlineData("unused for the ReadyTimeout")]
    public async Task PreSpun_HoldThatNoLongerServes_ItsSlotsAreGivenUpAndNotBoughtAgain(string why)
    {
        var (harness, _, claim) = await RunningNodeAsync(new PodBuilder("web-1").Uid("web-1").Cpu("1").OwnedBy("ReplicaSet", "rs-1"));
        using var __ = harness;

        await PreSpinAsync(harness, claim);
        var replacement = Assert.Single(harness.Store.Claims, c => c.Name != claim.Name);
        var heldAhead = harness.Ledger.Current.ClaimOf(ReplacementKey.SlotUid("web-1"));
        if (why == "no longer ahead")
        {
            // The NodePool reverted: the pass finds nothing drifted.
            await PreSpinAsync(harness);
        }
        else
        {
            // Still ahead, but the budget never freed up for it.
            harness.Time.Advance(ReadyTimeout + TimeSpan.FromSeconds(1));
            await PreSpinAsync(harness, claim);
            await PreSpinAsync(harness, claim);
        }

        Assert.Equal(replacement.Name, heldAhead);
        Assert.Null(harness.Ledger.Current.ClaimOf(ReplacementKey.SlotUid("web-1")));
        Assert.Equal(2, harness.Store.Claims.Count);
    }
}
