using System.Net;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.Watching;

/// <summary>
/// Keeps a sink equal to one resource on the server, following the API's contract: list (paged), then watch from the
/// list's resourceVersion with bookmarks; a watch that ends cleanly is resumed from the last resourceVersion seen; a
/// 410 Gone means the history is lost, so the resource is re-listed and the sink replaced (which applies deletions
/// that happened meanwhile); any other failure re-lists after a capped, jittered backoff.
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
    private int _lists;
    private readonly Backoff _backoff = new(options.InitialBackoff, options.MaxBackoff, random);

    public string Resource => source.Resource;

    public bool IsSynced => _synced.Task.IsCompleted;

    public Task Synced => _synced.Task;

    /// <summary>How many full lists have completed; tests use it to see that a re-list happened.</summary>
    public int Lists => Volatile.Read(ref _lists);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await ListAsync(cancellationToken);
                _synced.TrySetResult();
                failures = 0;
                await WatchUntilExpiredAsync(resourceVersion, cancellationToken);
                ReflectorLog.Expired(logger, source.Resource);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = _backoff.Delay(failures++);
                ReflectorLog.Failed(logger, e, source.Resource, failures, (long)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
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

    private async Task WatchUntilExpiredAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var timeoutSeconds = (int)options.WatchTimeout.TotalSeconds;
        while (true)
        {
            Exception? error = null;
            try
            {
                await foreach (var (type, obj) in source.WatchAsync(resourceVersion, timeoutSeconds, e => error ??= e, cancellationToken))
                {
                    if (error is not null)
                    {
                        break;
                    }

                    Apply(type, obj);
                    resourceVersion = obj.Metadata?.ResourceVersion is { Length: > 0 } seen ? seen : resourceVersion;
                }
            }
            catch (HttpRequestException e) when (e.InnerException is EndOfStreamException && error is null)
            {
                // KubernetesClient reports a watch that closed before its first line this way; nothing was missed.
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                return;
            }

            if (error is KubernetesException { Status.Code: 410 })
            {
                return;
            }

            if (error is not null)
            {
                throw new KubernetesException($"watch of {source.Resource} reported an error", error);
            }

            ReflectorLog.Resuming(logger, source.Resource, resourceVersion);
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
                // Bookmarks only move the resourceVersion forward.
                break;
        }
    }
}
