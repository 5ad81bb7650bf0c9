using Extender.Provisioning.Detection;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Batching;

/// <summary>
/// Turns the pending-pod stream into batches (<see cref="BatchWindow"/>): a burst is one batch, a lone pod waits only
/// for the idle window.
/// </summary>
internal sealed class Batcher(PendingPodChannel channel, IOptions<BatchingOptions> options, TimeProvider time)
{
    private readonly BatchingOptions _options = options.Value;

    /// <summary>Waits for the next batch; never returns an empty one.</summary>
    public async Task<IReadOnlyList<UnschedulablePod>> NextBatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<UnschedulablePod>();
        while (!Drain(batch))
        {
            await channel.WaitToReadAsync(cancellationToken);
        }

        var window = BatchWindow.Open(time.GetUtcNow(), _options);
        while (true)
        {
            var remaining = window.RemainingAt(time.GetUtcNow());
            if (remaining <= TimeSpan.Zero || !await WaitForMoreAsync(remaining, cancellationToken))
            {
                return batch;
            }

            Drain(batch);
            window = window.Arrived(time.GetUtcNow());
        }
    }

    private bool Drain(List<UnschedulablePod> batch)
    {
        var any = false;
        while (channel.TryRead(out var pending))
        {
            batch.Add(pending);
            any = true;
        }

        return any;
    }

    private async Task<bool> WaitForMoreAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var more = channel.WaitToReadAsync(stop.Token).AsTask();
        var elapsed = Task.Delay(wait, time, stop.Token);
        var first = await Task.WhenAny(more, elapsed);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == more && more.IsCompletedSuccessfully && more.Result;
    }
}
