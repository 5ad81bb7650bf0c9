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
    private readonly BatchingOptions _options = options.Value;

    /// <summary>Waits for the next batch; never returns an empty one.</summary>
    public async Task<IReadOnlyList<UnschedulablePod>> NextBatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<UnschedulablePod>();
        var uids = new HashSet<string>(StringComparer.Ordinal);
        while (!Drain(batch, uids))
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

            if (Drain(batch, uids))
            {
                window = window.Arrived(time.GetUtcNow());
            }
        }
    }

    /// <summary>Moves what is queued into the batch; true when something joined it.</summary>
    private bool Drain(List<UnschedulablePod> batch, HashSet<string> uids)
    {
        var any = false;
        while (channel.TryRead(out var pending))
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
