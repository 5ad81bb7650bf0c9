using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// The informer contract: list, then watch from the list's resourceVersion; re-watch from the last seen version when
/// a stream ends; re-list on 410 Gone (which arrives through <c>onError</c>, not the stream); back off on errors.
/// </summary>
internal sealed class WatchLoop<T>(
    string resource,
    Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> watch,
    IWatchHandler<T> handler,
    TimeProvider time,
    ILogger logger)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first successful list has been handed to the handler.</summary>
    public Task Synced => _synced.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (failures > 0)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 100 * Math.Pow(2, failures)));
                    await Task.Delay(delay, time, cancellationToken);
                }

                var (items, version) = await list(cancellationToken);
                handler.Replace([.. items]);
                _synced.TrySetResult();
                failures = 0;
                await WatchUntilExpiredAsync(version, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or KubernetesException or IOException or ArgumentOutOfRangeException or OperationCanceledException)
            {
                // ArgumentOutOfRangeException: HttpClient's status-line parser throws it (not HttpRequestException)
                // for a response cut off mid-line, seen once in an 8-minute chaos soak; a reflector goes on.
                // OperationCanceledException not ours (caught above when it is): a list the client timed out or whose
                // connection was aborted, seen in the chaos soak under CI load; it ended the loop and failed the dispose.
                failures++;
                SchedulerLog.WatchFailed(logger, resource, e.Message);
            }
        }
    }

    private async Task WatchUntilExpiredAsync(string version, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expired = false;
            try
            {
                await foreach (var (type, item) in watch(version, OnError, expiry.Token))
                {
                    version = item.Metadata?.ResourceVersion ?? version;
                    Dispatch(type, item);
                }
            }
            catch (OperationCanceledException) when (expired && !cancellationToken.IsCancellationRequested)
            {
                // The stream was cut on purpose: its resourceVersion is gone, re-list.
            }

            if (expired)
            {
                return;
            }

            void OnError(Exception e)
            {
                if (e is KubernetesException { Status.Code: 410 })
                {
                    expired = true;
                    expiry.Cancel();
                }
                else
                {
                    SchedulerLog.WatchFailed(logger, resource, e.Message);
                }
            }
        }
    }

    private void Dispatch(WatchEventType type, T item)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                handler.Upsert(item);
                break;
            case WatchEventType.Deleted:
                handler.Delete(item);
                break;
            default:
                // Bookmarks only move the resourceVersion on.
                break;
        }
    }
}
