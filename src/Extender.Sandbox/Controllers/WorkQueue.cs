using System.Threading.Channels;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// client-go's work queue, as far as the sandbox's controllers need it: a key added many times before a worker takes
/// it is synced once; a key added while it is being synced is synced again afterwards, never by two workers at once;
/// a failed sync is retried with exponential backoff (5 ms doubling to 5 s, as the default controller rate limiter).
/// </summary>
internal sealed class WorkQueue(TimeProvider time)
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly Lock _gate = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    public void Add(string key)
    {
        lock (_gate)
        {
            if (!_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }
        }

        _ready.Writer.TryWrite(key);
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed (a requeue-after).</summary>
    public void AddAfter(string key, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        _ = Task.Delay(delay, time, cancellationToken).ContinueWith(t => Add(key), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Runs <paramref name="workers"/> workers that sync keys until <paramref name="cancellationToken"/> ends.</summary>
    public Task RunAsync(int workers, Func<string, CancellationToken, Task> sync, Action<string, Exception> failed, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(sync, failed, cancellationToken), CancellationToken.None)));

    private async Task WorkAsync(Func<string, CancellationToken, Task> sync, Action<string, Exception> failed, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in _ready.Reader.ReadAllAsync(cancellationToken))
            {
                lock (_gate)
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                }

                try
                {
                    await sync(key, cancellationToken);
                    Forget(key);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    failed(key, e);
                    AddAfter(key, NextDelay(key), cancellationToken);
                }
                finally
                {
                    Done(key);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a call cut short, or failed while the server went away, is not retried.
        }
    }

    private void Done(string key)
    {
        bool again;
        lock (_gate)
        {
            _processing.Remove(key);
            again = _dirty.Contains(key);
        }

        if (again)
        {
            _ready.Writer.TryWrite(key);
        }
    }

    private void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    private TimeSpan NextDelay(string key)
    {
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            var delay = BaseDelay * Math.Pow(2, Math.Min(failures, 20));
            return delay < MaxDelay ? delay : MaxDelay;
        }
    }
}
