using System.Collections.Concurrent;
using System.Threading.Channels;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Detection;

/// <summary>
/// The one queue both detection sources feed: bounded, single reader, deduplicated by pod UID while queued. A pod that
/// holds a reservation on capacity still booting is not queued: kube-scheduler keeps reporting it until its capacity is
/// Ready, and those reports would only hold batches open. Once its node has registered, a report is queued so the
/// batcher can tell whether that node still has room for it. Writers never block; a write that does not fit is counted and raises a rescan
/// request, which the reader answers from the cluster snapshot so that no pod is forgotten.
/// </summary>
internal sealed class PendingPodChannel : IUnschedulablePodSink
{
    private static readonly IReadOnlyDictionary<string, string> NoReasons = new Dictionary<string, string>();

    private readonly Channel<UnschedulablePod> _channel;
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly ReservationLedger _ledger;
    private readonly TimeProvider _time;
    private long _overflowed;
    private int _rescanRequested;

    public PendingPodChannel(IOptions<DetectionOptions> options, ReservationLedger ledger, TimeProvider time)
    {
        _ledger = ledger;
        _time = time;
        _channel = Channel.CreateBounded<UnschedulablePod>(new BoundedChannelOptions(options.Value.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Writes that did not fit since start.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>Pods queued and not yet read.</summary>
    public int Count => _queued.Count;

    /// <summary>Queues a pod the pod watch or a rescan found, detected now.</summary>
    public bool TryWrite(Pod pod) => TryWrite(new UnschedulablePod(pod, NoReasons, _time.GetUtcNow()));

    /// <summary>Queues a pending pod kube-scheduler has not tried yet, seen now (<see cref="UnschedulablePod.AtCreation"/>).</summary>
    public bool TryWriteNew(Pod pod) => TryWrite(new UnschedulablePod(pod, NoReasons, _time.GetUtcNow(), AtCreation: true));

    public bool TryWrite(UnschedulablePod pending)
    {
        if (WaitsForBootingCapacity(pending.Pod.Uid) || !_queued.TryAdd(pending.Pod.Uid, 0))
        {
            return true;
        }

        // FullMode.Wait makes TryWrite fail instead of dropping an older item silently.
        if (_channel.Writer.TryWrite(pending))
        {
            return true;
        }

        _queued.TryRemove(pending.Pod.Uid, out _);
        Interlocked.Increment(ref _overflowed);
        Volatile.Write(ref _rescanRequested, 1);
        return false;
    }

    private bool WaitsForBootingCapacity(string podUid)
    {
        var reservations = _ledger.Current;
        return reservations.Holds(podUid) && reservations.ReservedNodeOf(podUid) is null;
    }

    public bool TryRead(out UnschedulablePod pending)
    {
        if (_channel.Reader.TryRead(out pending!))
        {
            _queued.TryRemove(pending.Pod.Uid, out _);
            return true;
        }

        return false;
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>True once after an overflow: the reader should rescan the snapshot's pending pods.</summary>
    public bool TakeRescanRequest() => Interlocked.Exchange(ref _rescanRequested, 0) == 1;
}
