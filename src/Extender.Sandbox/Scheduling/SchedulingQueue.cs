using System.Threading.Channels;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// The scheduling queue: pods wait here in queue order (priority desc, creation, uid) until a cycle takes them.
/// A failed attempt backs the pod off (initial × 2^(failures-1), capped); any node event, or one seen while the
/// pod's cycle ran, makes waiting pods ready at once, as kube-scheduler's move-all-to-active does.
/// </summary>
internal sealed class SchedulingQueue(TimeProvider time, TimeSpan initialBackoff, TimeSpan maxBackoff)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, QueueEntry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<QueueEntry> _active = new(QueueEntry.QueueOrder);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _clusterEpoch;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Queues a pending pod the first time it is seen; later calls for the same uid change nothing.</summary>
    public void Add(string uid, int priority, DateTimeOffset createdAt)
    {
        lock (_lock)
        {
            if (_entries.ContainsKey(uid))
            {
                return;
            }

            var entry = new QueueEntry(uid, priority, createdAt);
            _entries[uid] = entry;
            _active.Add(entry);
        }

        Wake();
    }

    /// <summary>The pod is bound, deleted or no longer ours.</summary>
    public void Remove(string uid)
    {
        lock (_lock)
        {
            if (_entries.Remove(uid, out var entry))
            {
                _active.Remove(entry);
            }
        }
    }

    /// <summary>A node was added or changed: every backed-off pod is tried again now.</summary>
    public void OnClusterChange()
    {
        lock (_lock)
        {
            _clusterEpoch++;
            foreach (var entry in _entries.Values.Where(e => e.State == QueueState.Backoff))
            {
                entry.State = QueueState.Active;
                _active.Add(entry);
            }
        }

        Wake();
    }

    /// <summary>The pod's attempt (scheduling or binding) failed: back it off, unless the cluster changed meanwhile.</summary>
    public void Failed(string uid)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(uid, out var entry) || entry.State != QueueState.InFlight)
            {
                return;
            }

            entry.Failures++;
            if (entry.PoppedAtEpoch != _clusterEpoch)
            {
                entry.State = QueueState.Active;
                _active.Add(entry);
            }
            else
            {
                entry.State = QueueState.Backoff;
                entry.ReadyAt = time.GetUtcNow() + Backoff(entry.Failures);
            }
        }

        Wake();
    }

    /// <summary>Takes the first ready pod; otherwise says how long until a backed-off one is ready (infinite if none).</summary>
    public bool TryPop(out string uid, out TimeSpan wait)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var nextReady = DateTimeOffset.MaxValue;
            foreach (var entry in _entries.Values.Where(e => e.State == QueueState.Backoff))
            {
                if (entry.ReadyAt <= now)
                {
                    entry.State = QueueState.Active;
                    _active.Add(entry);
                }
                else if (entry.ReadyAt < nextReady)
                {
                    nextReady = entry.ReadyAt;
                }
            }

            if (_active.Min is { } first)
            {
                _active.Remove(first);
                first.State = QueueState.InFlight;
                first.PoppedAtEpoch = _clusterEpoch;
                uid = first.Uid;
                wait = TimeSpan.Zero;
                return true;
            }

            uid = "";
            wait = nextReady == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : nextReady - now;
            return false;
        }
    }

    /// <summary>Waits until <paramref name="wait"/> passes or the queue changes.</summary>
    public async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, time, done.Token);
        var woken = _wake.Reader.WaitToReadAsync(done.Token).AsTask();
        await Task.WhenAny(delay, woken);
        await done.CancelAsync();
        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = initialBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= maxBackoff.Ticks ? maxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    private void Wake() => _wake.Writer.TryWrite(true);
}
