using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Provisioning;

public sealed class PodWatchSourceTests
{
    public static TheoryData<string, Pod, bool, bool?> Cases => new()
    {
        { "new pending pod", new PodBuilder("a").Uid("a").Build(), true, true },
        { "new pending pod, detection at creation off", new PodBuilder("a").Uid("a").Build(), false, null },
        { "marked unschedulable", new PodBuilder("a").Uid("a").MarkedUnschedulable().Build(), true, false },
        { "marked unschedulable, detection at creation off", new PodBuilder("a").Uid("a").MarkedUnschedulable().Build(), false, false },
        { "bound", new PodBuilder("a").Uid("a").OnNode("n1").Build(), true, null },
        { "scheduling gated", new PodBuilder("a").Uid("a").Build() with { SchedulingGated = true }, true, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnPodChanged_PodState_QueuedAsExpected(string scenario, Pod pod, bool atCreation, bool? queuedAtCreation)
    {
        var ledger = new ReservationLedger();
        var options = Options.Create(new DetectionOptions { AtCreation = atCreation });
        var channel = new PendingPodChannel(options, ledger, new FakeTimeProvider());

        new PodWatchSource(channel, ledger, new LeftToScheduler(options, new FakeTimeProvider()), options, new FakeTimeProvider()).OnPodChanged(pod);

        var queued = channel.TryRead(out var pending);
        Assert.True(queued == queuedAtCreation.HasValue, scenario);
        Assert.True(!queued || pending.AtCreation == queuedAtCreation, scenario);
    }

    [Fact]
    public void OnPodChanged_GatesLifted_QueuedThen()
    {
        var ledger = new ReservationLedger();
        var options = Options.Create(new DetectionOptions());
        var channel = new PendingPodChannel(options, ledger, new FakeTimeProvider());
        var source = new PodWatchSource(channel, ledger, new LeftToScheduler(options, new FakeTimeProvider()), options, new FakeTimeProvider());
        var gated = new PodBuilder("a").Uid("a").Build() with { SchedulingGated = true };

        source.OnPodChanged(gated);
        var queuedWhileGated = channel.TryRead(out _);
        source.OnPodChanged(gated with { SchedulingGated = false });

        Assert.False(queuedWhileGated);
        Assert.True(channel.TryRead(out var pending) && pending.AtCreation);
    }
}
