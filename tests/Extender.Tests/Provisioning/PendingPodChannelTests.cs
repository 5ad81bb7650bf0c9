using Extender.Core.Claims;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Provisioning;

public sealed class PendingPodChannelTests
{
    private static PendingPodChannel Channel(int capacity = 10, ReservationLedger? ledger = null) =>
        new(Options.Create(new DetectionOptions { ChannelCapacity = capacity }), ledger ?? new ReservationLedger(), new FakeTimeProvider());

    [Fact]
    public void TryWrite_PodHoldsReservation_AcceptedButNotQueued()
    {
        var ledger = new ReservationLedger();
        var pod = new PodBuilder("web-0").Uid("u1").Cpu("1").Build();
        ledger.Update(s => s.Reserve("claim-a", [new ReservedPod(new PodReference(pod.Namespace, pod.Name, pod.Uid), pod.Requests, DateTimeOffset.UnixEpoch)]));
        var channel = Channel(ledger: ledger);

        Assert.True(channel.TryWrite(pod));
        Assert.Equal(0, channel.Count);
    }

    [Fact]
    public void TryWriteNew_PendingPod_QueuedAsSeenAtCreation()
    {
        var channel = Channel();
        channel.TryWriteNew(new PodBuilder("web-0").Uid("u1").Build());

        Assert.True(channel.TryRead(out var pending));
        Assert.True(pending.AtCreation);
    }

    [Fact]
    public void TryWrite_SamePodTwiceWhileQueued_QueuedOnce()
    {
        var channel = Channel();
        var pod = new PodBuilder("web-0").Uid("u1").Build();

        Assert.True(channel.TryWrite(pod));
        Assert.True(channel.TryWrite(pod));

        Assert.True(channel.TryRead(out _));
        Assert.False(channel.TryRead(out _));
    }

    [Fact]
    public void TryWrite_PodReadThenReportedAgain_QueuedAgain()
    {
        var channel = Channel();
        var pod = new PodBuilder("web-0").Uid("u1").Build();
        channel.TryWrite(pod);
        channel.TryRead(out _);

        Assert.True(channel.TryWrite(pod));
        Assert.Equal(1, channel.Count);
    }

    [Fact]
    public void TryWrite_ChannelFull_CountsOverflowAndRequestsOneRescan()
    {
        var channel = Channel(capacity: 1);
        channel.TryWrite(new PodBuilder("a").Uid("a").Build());

        var written = channel.TryWrite(new PodBuilder("b").Uid("b").Build());

        Assert.False(written);
        Assert.Equal(1, channel.Overflowed);
        Assert.True(channel.TakeRescanRequest());
        Assert.False(channel.TakeRescanRequest());
    }

    [Fact]
    public void TryWrite_OverflowedPodReportedAfterRoomFrees_Queued()
    {
        var channel = Channel(capacity: 1);
        var b = new PodBuilder("b").Uid("b").Build();
        channel.TryWrite(new PodBuilder("a").Uid("a").Build());
        channel.TryWrite(b);
        channel.TryRead(out _);

        Assert.True(channel.TryWrite(b));
    }
}
