using Extender.Core.Headroom;
using Prometheus;

namespace Extender.Headroom;

/// <summary>
/// Per buffer (label <c>buffer</c>, namespace/name; buffers are few and named by people): the replicas it wants, the
/// room held for them and how much of it is Ready, room taken by intended pods, refill launches, and how long it had
/// no Ready room while it wanted some.
/// </summary>
internal sealed class HeadroomMetrics
{
    private readonly Gauge _wanted;
    private readonly Gauge _held;
    private readonly Gauge _ready;
    private readonly Counter _used;
    private readonly Counter _launches;
    private readonly Counter _empty;
    private readonly Histogram _refill;

    public HeadroomMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _wanted = factory.CreateGauge("extender_headroom_replicas", "Replicas of its template a CapacityBuffer holds room for now (status.replicas).", ["buffer"]);
        _held = factory.CreateGauge("extender_headroom_held_replicas", "Replicas whose room is held, on Ready nodes or on capacity still booting.", ["buffer"]);
        _ready = factory.CreateGauge("extender_headroom_ready_replicas", "Replicas whose room is held on Ready nodes: what an intended pod can bind to at once.", ["buffer"]);
        _used = factory.CreateCounter("extender_headroom_room_used_total", "Replicas of room taken by intended pods.", ["buffer"]);
        _launches = factory.CreateCounter("extender_headroom_refill_launches_total", "NodeClaims created to hold a buffer's room.", ["buffer"]);
        _empty = factory.CreateCounter("extender_headroom_empty_seconds_total", "Time a buffer wanted room and had none Ready.", ["buffer"]);
        _refill = factory.CreateHistogram("extender_headroom_refill_request_seconds", "From an intended pod taking room to the refill being planned.", new HistogramConfiguration
        {
            Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
        });
    }

    public void Observe(BufferRoom room, int held, TimeSpan sinceLast)
    {
        var name = Name(room.Buffer);
        _wanted.WithLabels(name).Set(room.Buffer.Size.Replicas);
        _held.WithLabels(name).Set(held);
        _ready.WithLabels(name).Set(room.ReadyHeld);
        if (room.IsEmpty)
        {
            _empty.WithLabels(name).Inc(Math.Max(0, sinceLast.TotalSeconds));
        }
    }

    public void RoomUsed(HeadroomBuffer buffer) => _used.WithLabels(Name(buffer)).Inc();

    public void Launched(HeadroomBuffer buffer, int claims) => _launches.WithLabels(Name(buffer)).Inc(claims);

    public void RefillRequested(TimeSpan sinceTaken) => _refill.Observe(Math.Max(0, sinceTaken.TotalSeconds));

    /// <summary>A buffer that went away stops being reported.</summary>
    public void Forget(string name)
    {
        _wanted.RemoveLabelled(name);
        _held.RemoveLabelled(name);
        _ready.RemoveLabelled(name);
    }

    public static string Name(HeadroomBuffer buffer) => $"{buffer.Spec.Namespace}/{buffer.Spec.Name}";
}
