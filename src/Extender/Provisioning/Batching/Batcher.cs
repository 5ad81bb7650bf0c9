using Extender.Provisioning.Detection;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Batching;

/// <summary>
/// Turns the pending-pod stream into batches (<see cref="BatchWindow"/>): a burst is one batch, a lone pod waits only
/// for the idle window. Only a pod new to the batch prolongs it: kube-scheduler tries a burst's pods one cycle at a
/// time, and its reports of pods already in the batch (seen at creation) would otherwise keep the batch open until it
/// has tried them all. A pod reported at creation that fits an existing node is left to the scheduler (its room
/// counted as taken for the pods after it, <see cref="LeftToScheduler"/>): it neither joins nor prolongs a batch, and
/// so is a pod whose reserved node has registered and still has its room.
/// </summary>
internal sealed class Batcher(PendingPodChannel channel, ExistingCapacity existing, LostReservations lost, IOptions<BatchingOptions> options, TimeProvider time)
{
    // How many reads between looks at the clock while draining.
    private const int ClockEvery = 32;

    private readonly BatchingOptions _options = options.Value;

    /// <summary>Waits for the next batch; never returns an empty one.</summary>
    public async Task<IReadOnlyList<UnschedulablePod>> NextBatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<UnschedulablePod>();
        var uids = new HashSet<string>(StringComparer.Ordinal);
        BatchWindow? opened;
        while ((opened = Drain(batch, uids, null)) is null)
        {
            await channel.WaitToReadAsync(cancellationToken);
        }

        var window = opened.Value;
        while (true)
        {
            var remaining = window.RemainingAt(time.GetUtcNow());
            if (remaining <= TimeSpan.Zero || !await WaitForMoreAsync(remaining, cancellationToken))
            {
                return batch;
            }

            window = Drain(batch, uids, window) ?? window;
        }
    }

    /// <summary>
    /// Moves what is queued into the batch, until the queue is empty or the window has closed; returns the window
    /// (opened by the first pod that joins, prolonged by each later one), null while nothing has joined. Judging a new
    /// pod against the existing nodes takes time, and in a flood the queue may not run dry before the window's
    /// maximum: the batch closes then anyway, and the rest is the next batch's.
    /// </summary>
    private BatchWindow? Drain(List<UnschedulablePod> batch, HashSet<string> uids, BatchWindow? window)
    {
        var read = 0;
        while ((window is null || ++read % ClockEvery != 0 || window.Value.RemainingAt(time.GetUtcNow()) > TimeSpan.Zero) && channel.TryRead(out var pending))
        {
            // A pod holding room on a registered node is judged against that node only; its own room is already counted.
            if (uids.Contains(pending.Pod.Uid)
                || (existing.HeldOnRegisteredNode(pending.Pod.Uid) && !lost.Release(pending.Pod))
                || (pending.AtCreation && existing.LeaveToScheduler(pending.Pod)))
            {
                continue;
            }

            uids.Add(pending.Pod.Uid);
            batch.Add(pending);
            var now = time.GetUtcNow();
            window = window is { } open ? open.Arrived(now) : BatchWindow.Open(now, _options);
        }

        return window;
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
