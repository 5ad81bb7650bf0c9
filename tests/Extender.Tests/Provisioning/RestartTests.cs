using Extender.Core.Cluster;
using Extender.Provisioning.Launching;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

public sealed class RestartTests
{
    private static List<Pod> Pods(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"web-{i}").Uid($"web-{i}").Cpu("1").Memory("2Gi").MarkedUnschedulable().Build())];

    [Fact]
    public async Task EnsureAsync_KilledAfterClaimCreatedBeforeLaunch_OneInstancePerClaimAndNoLeak()
    {
        using var first = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        first.Capacity.BeforeLaunch = _ => throw new OperationCanceledException("process killed");
        first.AddPendingPods(Pods(10));
        await first.ProvisionQueuedAsync();
        Assert.NotEmpty(first.Store.Claims);
        Assert.Empty(first.Capacity.LiveInstances);
        first.Capacity.BeforeLaunch = null;

        using var second = first.Restart();
        await second.Get<LeaderStart>().EnsureAsync(CancellationToken.None);
        await second.ProvisionQueuedAsync();
        second.Time.Advance(TimeSpan.FromMinutes(1));
        var collected = await second.Collector.CollectAsync(CancellationToken.None);

        AssertOneInstancePerClaim(second);
        Assert.Empty(collected);
        Assert.Equal(10, second.Ledger.Current.Count);
        Assert.Equal(10, second.Store.Claims.Sum(c => c.ReservedFor.Count));
    }

    [Fact]
    public async Task EnsureAsync_KilledAfterLaunchBeforeRecording_RelaunchReturnsSameInstance()
    {
        using var first = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        first.Store.FailNextStatusUpdate = new OperationCanceledException("process killed");
        first.AddPendingPods(Pods(1));
        await first.ProvisionQueuedAsync();
        var bought = Assert.Single(first.Capacity.LiveInstances);
        Assert.False(Assert.Single(first.Store.Claims).IsLaunched);

        using var second = first.Restart();
        await second.Get<LeaderStart>().EnsureAsync(CancellationToken.None);
        second.Time.Advance(TimeSpan.FromMinutes(1));
        var collected = await second.Collector.CollectAsync(CancellationToken.None);

        AssertOneInstancePerClaim(second);
        Assert.Equal(bought.ProviderId, Assert.Single(second.Store.Claims).Status.ProviderId);
        Assert.Empty(collected);
        Assert.Empty(second.Capacity.Terminated);
    }

    [Fact]
    public async Task EnsureAsync_RestartWithLaunchedClaims_RebuildsReservationsWithoutLaunching()
    {
        using var first = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var pods = Pods(6);
        first.AddPendingPods(pods);
        await first.ProvisionQueuedAsync();
        var launches = first.Capacity.Launches.Count;
        first.Bind(pods[0], "elsewhere");

        using var second = first.Restart();
        await second.Get<LeaderStart>().EnsureAsync(CancellationToken.None);

        Assert.Equal(launches, second.Capacity.Launches.Count);
        Assert.Equal(5, second.Ledger.Current.Count);
        Assert.False(second.Ledger.Current.Holds(pods[0].Uid));
    }

    [Fact]
    public async Task EnsureAsync_NewLeader_DryRunsOneClaimCreateAndStoresNothing()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());

        await harness.Get<LeaderStart>().EnsureAsync(CancellationToken.None);
        await harness.Get<LeaderStart>().EnsureAsync(CancellationToken.None);

        Assert.Equal(1, harness.Store.DryRuns);
        Assert.Empty(harness.Store.Claims);
        Assert.Empty(harness.Capacity.Launches);
    }

    private static void AssertOneInstancePerClaim(ProvisioningHarness harness)
    {
        var claims = harness.Store.Claims;
        Assert.All(claims, c => Assert.True(c.IsLaunched));
        Assert.Equal(claims.Count, harness.Capacity.LiveInstances.Count);
        Assert.Equal(
            claims.Select(c => c.Status.ProviderId).Order(StringComparer.Ordinal),
            harness.Capacity.LiveInstances.Select(i => i.ProviderId).Order(StringComparer.Ordinal));
    }
}
