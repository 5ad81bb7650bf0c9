using System.Threading.Channels;

namespace Extender.Provisioning.Lifecycle;

/// <summary>Wakes the lifecycle loop early (a node appeared) without making the watch handler wait.</summary>
internal sealed class LifecycleSignal
{
    private readonly Channel<byte> _wakes = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(0);

    /// <summary>Waits for a wake or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wakes.Reader.WaitToReadAsync(stop.Token).AsTask();
        await Task.WhenAny(woken, Task.Delay(timeout, time, stop.Token));
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _wakes.Reader.TryRead(out _);
    }
}
