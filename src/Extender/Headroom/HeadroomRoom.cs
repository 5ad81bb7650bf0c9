using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Microsoft.Extensions.Options;

namespace Extender.Headroom;

/// <summary>
/// The buffers as the ledger's slot taking sees them (swapped whole by the controller on every pass, read without a
/// lock): wherever a new pod takes a slot (the pod watch, the scheduler's calls, a rebuild), a pod a buffer admits may
/// take that buffer's room, if a scheduler this install serves schedules it (another scheduler never asks the
/// extender, so the room would wait for it in vain). A pod taking room wakes the controller, so the refill is planned
/// in the same batch window.
/// </summary>
internal sealed class HeadroomRoom
{
    private readonly System.Threading.Channels.Channel<byte> _wakes =
        System.Threading.Channels.Channel.CreateBounded<byte>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    private readonly Lock _gate = new();
    private readonly Dictionary<ReplacementKey, DateTimeOffset> _takenAt = [];
    private readonly IReadOnlyCollection<string> _schedulerNames;
    private readonly HeadroomMetrics _metrics;
    private readonly TimeProvider _time;
    private IReadOnlyList<HeadroomBuffer> _buffers = [];

    public HeadroomRoom(ReservationLedger ledger, IOptions<DetectionOptions> detection, HeadroomMetrics metrics, TimeProvider time)
    {
        _schedulerNames = detection.Value.SchedulerNames.ToHashSet(StringComparer.Ordinal);
        _metrics = metrics;
        _time = time;
        ledger.BufferKeyFor = KeyFor;
        ledger.SlotTaken += taken =>
        {
            if (taken.Key is { } key && HeadroomKey.IsHeadroom(key))
            {
                Taken(key);
            }
        };
    }

    public IReadOnlyList<HeadroomBuffer> Buffers => Volatile.Read(ref _buffers);

    public void Publish(IReadOnlyList<HeadroomBuffer> buffers) => Volatile.Write(ref _buffers, buffers);

    public ReplacementKey? KeyFor(Core.Cluster.Pod pod) => PendingPodFilter.IsPlannable(pod, _schedulerNames) ? HeadroomDecision.For(pod, Buffers)?.Key : null;

    private void Taken(ReplacementKey key)
    {
        if (Buffers.FirstOrDefault(b => b.Key == key) is { } buffer)
        {
            _metrics.RoomUsed(buffer);
        }

        lock (_gate)
        {
            _takenAt.TryAdd(key, _time.GetUtcNow());
        }

        Wake();
    }

    /// <summary>When room of <paramref name="key"/> was first taken since its last refill request; cleared by the call.</summary>
    public DateTimeOffset? TakeTakenAt(ReplacementKey key)
    {
        lock (_gate)
        {
            return _takenAt.Remove(key, out var at) ? at : null;
        }
    }

    public void Wake() => _wakes.Writer.TryWrite(0);

    /// <summary>Waits for a wake-up or <paramref name="interval"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_wakes.Reader.WaitToReadAsync(stop.Token).AsTask(), Task.Delay(interval, _time, stop.Token));
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _wakes.Reader.TryRead(out _);
    }
}
