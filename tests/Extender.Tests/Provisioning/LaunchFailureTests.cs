using Extender.Core.Capacity;
using Extender.Core.Cluster;
using Extender.Provisioning.Launching;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

public sealed class LaunchFailureTests
{
    [Theory]
    [InlineData(CapacityErrorKind.Throttled)]
    [InlineData(CapacityErrorKind.Configuration)]
    [InlineData(CapacityErrorKind.Transient)]
    public async Task ProvisionAsync_LaunchFails_ClaimDeletedWarningAndRequeueAfterBackoff(CapacityErrorKind kind)
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        harness.Capacity.FailNextLaunch(kind);
        Pod pod = new PodBuilder("web-0").Uid("web-0").Cpu("1").MarkedUnschedulable().Build();
        harness.AddPendingPods([pod]);

        await harness.ProvisionQueuedAsync();
        harness.AddPendingPods([pod]);
        await harness.ProvisionQueuedAsync();
        var launchesDuringBackoff = harness.Capacity.Launches.Count;
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(harness.Store.Claims);
        Assert.Equal(0, harness.Ledger.Current.Count);
        Assert.Equal(1, launchesDuringBackoff);
        Assert.Contains(harness.Events.Events, e => e.Pod.Uid == "web-0" && e.Type == "Warning" && e.Reason == "LaunchFailed");
        Assert.True(SpinUntilQueued(harness));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    public void Delay_ConsecutiveFailures_DoublesUpToCap(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RequeueBackoff.Delay(failures, new ProvisionerOptions()));

    // The backoff timer fires on FakeTimeProvider.Advance and writes synchronously from the timer callback, but the
    // awaiting continuation may hop threads; a bounded number of yields lets it land without a wall-clock wait.
    private static bool SpinUntilQueued(ProvisioningHarness harness)
    {
        for (var i = 0; i < 10_000 && harness.Channel.Count == 0; i++)
        {
            Thread.Yield();
        }

        return harness.Channel.Count == 1;
    }
}
