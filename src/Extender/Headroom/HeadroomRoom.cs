using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Provisioning.Ports;

namespace Extender.Headroom;

/// <summary>
/// The buffers as the pod watch sees them (swapped whole by the controller on every pass, read without a lock), and
/// the wake-up the controller waits on: a pod taking room wakes it, so the refill is planned in the same batch window.
/// </summary>
internal sealed class HeadroomRoom(HeadroomMetrics metrics, TimeProvider time) : IHeadroomRoom
{
    private readonly System.Threading.Channels.Channel<byte> _wakes =
        System.Threading.Channels.Channel.CreateBounded<byte>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    private readonly Lock _gate = new();
    private readonly Dictionary<ReplacementKey, DateTimeOffset> _takenAt = [];
    private IReadOnlyList<HeadroomBuffer> _buffers = [];

    public IReadOnlyList<HeadroomBuffer> Buffers => Volatile.Read(ref _buffers);

    public void Publish(IReadOnlyList<HeadroomBuffer> buffers) => Volatile.Write(ref _buffers, buffers);

    public ReplacementKey? KeyFor(Core.Cluster.Pod pod) => HeadroomDecision.For(pod, Buffers)?.Key;

    public void Taken(ReplacementKey key)
    {
        if (Buffers.FirstOrDefault(b => b.Key == key) is { } buffer)
        {
            metrics.RoomUsed(buffer);
        }

        lock (_gate)
        {
            _takenAt.TryAdd(key, time.GetUtcNow());
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
        await Task.WhenAny(_wakes.Reader.WaitToReadAsync(stop.Token).AsTask(), Task.Delay(interval, time, stop.Token));
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _wakes.Reader.TryRead(out _);
    }
}
