using System.Net;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.Watching;

/// <summary>
/// Keeps a sink equal to one resource on the server, following the API's contract: list (paged), then watch from the
/// list's resourceVersion with bookmarks; a watch that ends cleanly is resumed from the last resourceVersion seen, never
/// sooner than <see cref="KubernetesOptions.MinWatchInterval"/> after it opened; a 410 Gone means the history is lost,
/// so the resource is re-listed and the sink replaced (which applies deletions that happened meanwhile). Every retry
/// that is not a healthy watch's resumption waits for the next step of one <see cref="Backoff"/>: a failed list or
/// watch (re-listed), a 410 (re-listed) and a watch that closed at once with nothing in it (watched again from the
/// same resourceVersion). The step survives a successful list, so a watch that fails on every attempt costs at most
/// one list per backoff step.
/// </summary>
internal sealed class Reflector<T>(
    IListWatchSource<T> source,
    IResourceSink<T> sink,
    KubernetesOptions options,
    TimeProvider time,
    ILogger logger,
    Random random) : IReflector
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Backoff _backoff = new(options.InitialBackoff, options.MaxBackoff, options.BackoffResetAfter, random);
    private int _lists;
    private int _waits;
    private long _lastWaitTicks;

    private enum WatchEnd
    {
        /// <summary>410 Gone: the resourceVersion is too old to resume from.</summary>
        Expired,

        /// <summary>Closed before <see cref="KubernetesOptions.MinWatchInterval"/> with no event: client-go's "very short watch".</summary>
        TooShort,
    }

    public string Resource => source.Resource;

    public bool IsSynced => _synced.Task.IsCompleted;

    public Task Synced => _synced.Task;

    /// <summary>How many full lists have completed; tests use it to see that a re-list happened.</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>How many waits (backoff or watch reopen) have begun; tests move a fake clock by it and <see cref="LastWait"/>.</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>The length of the wait counted last in <see cref="Waits"/>.</summary>
    public TimeSpan LastWait => TimeSpan.FromTicks(Volatile.Read(ref _lastWaitTicks));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Null means the next attempt starts with a list; otherwise it watches again from this resourceVersion.
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? failure = null;
            WatchEnd? end = null;
            var watchOpened = DateTimeOffset.MinValue;
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(cancellationToken);
                    _synced.TrySetResult();
                }

                (end, resourceVersion, watchOpened) = await WatchUntilBrokenAsync(resourceVersion, cancellationToken);
                if (end == WatchEnd.Expired)
                {
                    resourceVersion = null;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failure = e;
                resourceVersion = null;
            }

            var now = time.GetUtcNow();
            var delay = _backoff.Next(now);
            if (end == WatchEnd.TooShort && watchOpened + options.MinWatchInterval - now > delay)
            {
                // Resumed from its resourceVersion, the watch keeps the minimum interval between opens as well.
                delay = watchOpened + options.MinWatchInterval - now;
            }

            if (failure is not null)
            {
                ReflectorLog.Failed(logger, failure, source.Resource, _backoff.Step, (long)delay.TotalMilliseconds);
            }
            else if (end == WatchEnd.Expired)
            {
                ReflectorLog.Expired(logger, source.Resource, (long)delay.TotalMilliseconds);
            }
            else
            {
                ReflectorLog.ShortWatch(logger, source.Resource, _backoff.Step, (long)delay.TotalMilliseconds);
            }

            if (!await WaitAsync(delay, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var replacement = sink.BeginReplace();
        string? next = null;
        string? resourceVersion = null;
        var count = 0;
        do
        {
            var page = await source.ListAsync(next, options.ListPageSize, cancellationToken);

            // A paged list is one snapshot at the first page's resourceVersion; the watch resumes from there.
            resourceVersion ??= page.ResourceVersion;
            foreach (var item in page.Items)
            {
                replacement.Add(ObjectStripper.Strip(item));
            }

            count += page.Items.Count;
            next = page.Continue;
        }
        while (!string.IsNullOrEmpty(next));

        replacement.Commit();
        Interlocked.Increment(ref _lists);
        ReflectorLog.Listed(logger, source.Resource, count, resourceVersion ?? "");
        return resourceVersion ?? "";
    }

    /// <summary>Watches, resuming healthy watches as they end, until one expires or closes at once with nothing in it.</summary>
    private async Task<(WatchEnd End, string ResourceVersion, DateTimeOffset Opened)> WatchUntilBrokenAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var timeoutSeconds = (int)options.WatchTimeout.TotalSeconds;
        while (true)
        {
            Exception? error = null;
            var opened = time.GetUtcNow();
            var events = 0;
            try
            {
                await foreach (var (type, obj) in source.WatchAsync(resourceVersion, timeoutSeconds, e => error ??= e, cancellationToken))
                {
                    if (error is not null)
                    {
                        break;
                    }

                    Apply(type, obj);
                    events++;
                    resourceVersion = obj.Metadata?.ResourceVersion is { Length: > 0 } seen ? seen : resourceVersion;
                }
            }
            catch (HttpRequestException e) when (e.InnerException is EndOfStreamException && error is null)
            {
                // KubernetesClient reports a watch that closed before its first line this way; nothing was missed.
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                return (WatchEnd.Expired, resourceVersion, opened);
            }

            if (error is KubernetesException { Status.Code: 410 })
            {
                return (WatchEnd.Expired, resourceVersion, opened);
            }

            if (error is not null)
            {
                throw new KubernetesException($"watch of {source.Resource} reported an error", error);
            }

            var lasted = time.GetUtcNow() - opened;
            if (events == 0 && lasted < options.MinWatchInterval)
            {
                return (WatchEnd.TooShort, resourceVersion, opened);
            }

            // A watch that brought events but closed soon after opening is healthy enough to keep its step, but is
            // still not reopened at once: a server or proxy that keeps cutting watches short gets at most one open per
            // interval. A watch that ran its server-side timeout is reopened at once, so no event waits.
            ReflectorLog.Resuming(logger, source.Resource, resourceVersion);
            if (lasted < options.MinWatchInterval && !await WaitAsync(options.MinWatchInterval - lasted, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Waits on the injected clock; false when stopped meanwhile.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        // The timer exists before the wait is counted, so a test that sees the count can move its clock past it.
        var wait = Task.Delay(delay, time, cancellationToken);
        Volatile.Write(ref _lastWaitTicks, delay.Ticks);
        Interlocked.Increment(ref _waits);
        try
        {
            await wait;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                sink.Upsert(ObjectStripper.Strip(obj));
                break;
            case WatchEventType.Deleted:
                sink.Delete(obj);
                break;
            default:
                // Bookmarks only move the resourceVersion forward (and count as signs of a live watch).
                break;
        }
    }
}
