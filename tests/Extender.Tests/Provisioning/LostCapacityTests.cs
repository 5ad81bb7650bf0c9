using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

public sealed class LostCapacityTests
{
    private static List<Pod> Pods(int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"{prefix}-{i}").Uid($"{prefix}-{i}").Cpu("3").Memory("2Gi").MarkedUnschedulable().Build())];

    [Fact]
    public async Task TickAsync_RegisteredNodeDeleted_TerminatesInstanceDeletesClaimAndRequeuesPods()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var claim = Assert.Single(harness.Store.Claims);
        Assert.True(claim.IsRegistered);
        DrainChannel(harness);

        harness.DeleteNode(node);
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
        Assert.Empty(harness.Store.Claims);
        Assert.Null(harness.Registry.Find(claim.Name));
        Assert.False(harness.Ledger.Current.Holds("web-0"));
        Assert.True(harness.Channel.TryRead(out var requeued));
        Assert.Equal("web-0", requeued.Pod.Uid);
        var warning = Assert.Single(harness.Events.Events, e => e.Reason == "NodeClaimLost");
        Assert.Equal(("web-0", "Warning"), (warning.Pod.Uid, warning.Type));
        Assert.Contains(claim.Name, warning.Message, StringComparison.Ordinal);
        Assert.Contains($"node {node.Name} was deleted", warning.Message, StringComparison.Ordinal);
        Assert.Contains("extender_provisioner_claims_lost_total{reason=\"node_deleted\"} 1", await harness.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickAsync_NodeDeletedBeforeRegistrationWasWritten_FinishesClaim()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        harness.DeleteNode(node);

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Single(harness.Capacity.Terminated);
        Assert.Empty(harness.Store.Claims);
        Assert.Contains(harness.Events.Events, e => e.Pod.Uid == "web-0" && e.Reason == "NodeClaimLost");
    }

    [Fact]
    public async Task TickAsync_NodeOfAnotherClaimOrNoClaimDeleted_OtherClaimsKeepTheirCapacity()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "a"));
        await harness.ProvisionQueuedAsync();
        harness.AddPendingPods(Pods(1, "b"));
        await harness.ProvisionQueuedAsync();
        var nodes = harness.BootNodes();
        var foreign = new NodeBuilder("foreign").Build() with { ProviderId = "aws:///us-east-1a/i-0foreign" };
        harness.Cluster.UpsertNode(foreign);
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        harness.DeleteNode(foreign);
        harness.DeleteNode(nodes[0]);
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        var kept = Assert.Single(harness.Store.Claims);
        Assert.Equal(nodes[1].Name, kept.Status.NodeName);
        Assert.Single(harness.Capacity.Terminated);
        Assert.True(harness.Ledger.Current.IsReservedOn(kept.ReservedFor.Single().Pod.Uid, nodes[1].Name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("shutting-down")]
    [InlineData("terminated")]
    public async Task CollectAsync_InstanceGoneBeforeRegistration_FinishesClaimAtOnce(string? state)
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var claim = Assert.Single(harness.Store.Claims);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        harness.Capacity.LoseInstance(claim.Status.ProviderId!, state);
        DrainChannel(harness);

        await harness.Collector.CollectAsync(CancellationToken.None);

        Assert.Empty(harness.Store.Claims);
        Assert.Equal(0, harness.Ledger.Current.Count);
        Assert.True(harness.Channel.TryRead(out var requeued));
        Assert.Equal("web-0", requeued.Pod.Uid);
        var warning = Assert.Single(harness.Events.Events, e => e.Reason == "NodeClaimLost");
        Assert.Contains(claim.Name, warning.Message, StringComparison.Ordinal);
        Assert.Contains("extender_provisioner_claims_lost_total{reason=\"instance_gone\"} 1", await harness.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_InstanceMissingFromListRightAfterLaunch_KeepsClaim()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var claim = Assert.Single(harness.Store.Claims);
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        harness.Capacity.LoseInstance(claim.Status.ProviderId!);

        await harness.Collector.CollectAsync(CancellationToken.None);

        Assert.Single(harness.Store.Claims);
        Assert.True(harness.Ledger.Current.Holds("web-0"));
    }

    [Fact]
    public async Task CollectAsync_InstanceShuttingDownWhileNodeStillReady_FinishesOnlyOnceNodeIsNotReady()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.AddPendingPods(Pods(1, "web"));
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single();
        await harness.Lifecycle.TickAsync(CancellationToken.None);
        var claim = Assert.Single(harness.Store.Claims);
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        harness.Capacity.LoseInstance(claim.Status.ProviderId!, "shutting-down");

        await harness.Collector.CollectAsync(CancellationToken.None);
        var whileReady = harness.Store.Claims.Count;
        harness.Cluster.UpsertNode(node with { Ready = false });
        await harness.Collector.CollectAsync(CancellationToken.None);

        Assert.Equal(1, whileReady);
        Assert.Empty(harness.Store.Claims);
        Assert.Equal([claim.Status.ProviderId!], harness.Capacity.Terminated);
    }

    private static void DrainChannel(ProvisioningHarness harness)
    {
        while (harness.Channel.TryRead(out _))
        {
        }
    }
}
