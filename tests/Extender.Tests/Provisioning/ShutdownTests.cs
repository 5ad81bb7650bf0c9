using Extender.Core.Cluster;
using Extender.Provisioning.Launching;
using Extender.TestKit.Builders;
using Microsoft.Extensions.Hosting;

namespace Extender.Tests.Provisioning;

public sealed class ShutdownTests
{
    private static List<Pod> Pods(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"web-{i}").Uid($"web-{i}").Cpu("1").Memory("2Gi").MarkedUnschedulable().Build())];

    [Fact]
    public async Task StopAsync_LaunchInFlight_WaitsUntilInstanceRecordedAndRestartBuysNothing()
    {
        using var first = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        using var gate = new LaunchGate(first);
        first.AddPendingPods(Pods(1));
        await first.PlanQueuedAsync();
        await gate.Entered;
        var provisioner = first.Get<IEnumerable<IHostedService>>().OfType<Provisioner>().Single();
        await provisioner.StartAsync(CancellationToken.None);

        var stopping = provisioner.StopAsync(CancellationToken.None);
        var stoppedWhileLaunching = stopping.IsCompleted;
        gate.Release();
        await stopping;

        Assert.False(stoppedWhileLaunching);
        var instance = Assert.Single(first.Capacity.LiveInstances);
        var claim = Assert.Single(first.Store.Claims);
        Assert.True(claim.IsLaunched);
        Assert.Equal(instance.ProviderId, claim.Status.ProviderId);

        using var second = first.Restart();
        await second.Get<LeaderStart>().EnsureAsync(CancellationToken.None);

        Assert.Single(second.Capacity.Launches);
        Assert.Single(second.Capacity.LiveInstances);
        Assert.Equal(1, second.Ledger.Current.Count);
    }

    [Fact]
    public async Task DrainAsync_LaunchOutlastsShutdownTimeout_CancelledAndFinishedOnceAfterRestart()
    {
        using var first = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        using var gate = new LaunchGate(first);
        first.AddPendingPods(Pods(1));
        await first.PlanQueuedAsync();
        await gate.Entered;

        var drain = first.Get<InFlightLaunches>().DrainAsync();
        var drainedBeforeTimeout = drain.IsCompleted;
        first.Time.Advance(new ProvisionerOptions().ShutdownTimeout);
        await drain;

        Assert.False(drainedBeforeTimeout);
        var bought = Assert.Single(first.Capacity.LiveInstances);
        Assert.False(Assert.Single(first.Store.Claims).IsLaunched);

        first.Capacity.LaunchGate = null;
        using var second = first.Restart();
        await second.Get<LeaderStart>().EnsureAsync(CancellationToken.None);

        Assert.Equal(bought.ProviderId, Assert.Single(second.Store.Claims).Status.ProviderId);
        Assert.Single(second.Capacity.LiveInstances);
    }

    /// <summary>Holds every launch once the cloud has bought its instance, until <see cref="Release"/> or cancellation.</summary>
    private sealed class LaunchGate : IDisposable
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LaunchGate(ProvisioningHarness harness) =>
            harness.Capacity.LaunchGate = async (_, token) =>
            {
                _entered.TrySetResult();
                await _release.Task.WaitAsync(token);
            };

        public Task Entered => _entered.Task;

        public void Release() => _release.TrySetResult();

        public void Dispose() => _release.TrySetResult();
    }
}
