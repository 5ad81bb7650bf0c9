using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Headroom;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Headroom;

/// <summary>Where a new pod takes a slot (here: the pod watch), a buffer's room goes to the pods it is for, to no other pod, and wakes the refill.</summary>
public sealed class HeadroomAdoptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly ReservationLedger _ledger = new();
    private readonly HeadroomRoom _room;
    private readonly HeadroomBuffer _buffer = new(
        new BufferSpec { Namespace = "default", Name = "web", Uid = "buf-1", Replicas = 1, Selector = new LabelSelector(new Dictionary<string, string> { ["app"] = "web" }, []) },
        new PodBuilder("template").Label("app", "web").Cpu("1").Build(),
        new BufferSize(1, null, false));

    public HeadroomAdoptionTests()
    {
        _room = Room();
        _room.Publish([_buffer]);
        var slot = new ReservedPod(new PodReference("default", "web-headroom-0", ReplacementKey.SlotUid("s1")), ResourceList.Of(("cpu", 1000)), T0) { Replaces = _buffer.Key };
        _ledger.Update(s => s.Reserve("claim-a", [slot]).AttachNode("claim-a", "node-a"));
    }

    private static IOptions<DetectionOptions> Detection(params string[] schedulers)
    {
        var detection = new DetectionOptions();
        foreach (var scheduler in schedulers)
        {
            detection.SchedulerNames.Add(scheduler);
        }

        return Options.Create(detection);
    }

    private HeadroomRoom Room(params string[] schedulers) =>
        new(_ledger, Detection(schedulers), new HeadroomMetrics(Prometheus.Metrics.NewCustomRegistry()), _time);

    private PodWatchSource Source()
    {
        var options = Detection();
        return new PodWatchSource(new PendingPodChannel(options, _ledger, _time), _ledger, new LeftToScheduler(options, _time), options, _time);
    }

    [Fact]
    public void OnPodChanged_IntendedPod_TakesTheRoomOnItsNodeAndWakesTheRefill()
    {
        Source().OnPodChanged(new PodBuilder("web-1").Uid("w1").Label("app", "web").Cpu("1").Build());

        Assert.True(_ledger.Current.IsReservedOn("w1", "node-a"));
        Assert.Empty(_ledger.Current.SlotsFor(_buffer.Key));
        Assert.Equal(T0, _room.TakeTakenAt(_buffer.Key));
    }

    [Fact]
    public void OnPodChanged_OtherPod_TakesNothingAndTheRoomStaysHeldForOthers()
    {
        Source().OnPodChanged(new PodBuilder("batch-1").Uid("b1").Label("app", "batch").Cpu("1").Build());

        Assert.False(_ledger.Current.Holds("b1"));
        Assert.Single(_ledger.Current.SlotsFor(_buffer.Key));
        Assert.Null(_room.TakeTakenAt(_buffer.Key));
        Assert.Equal(1000, _ledger.Current.HeldForOthers("node-a", "b1", ClusterSnapshot.Empty)["cpu"]);
    }

    [Fact]
    public void OnPodChanged_IntendedPodOfASchedulerNotServed_TakesNothing()
    {
        Room("ec2-capacity-scheduler").Publish([_buffer]);

        Source().OnPodChanged(new PodBuilder("web-1").Uid("w1").Label("app", "web").SchedulerName("default-scheduler").Cpu("1").Build());

        Assert.False(_ledger.Current.Holds("w1"));
    }
}
