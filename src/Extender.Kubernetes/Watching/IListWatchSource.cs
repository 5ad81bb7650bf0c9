using k8s;

namespace Extender.Kubernetes.Watching;

/// <summary>The two calls a reflector needs for one resource: a paged list and a watch from a resourceVersion.</summary>
internal interface IListWatchSource<T>
{
    string Resource { get; }

    Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}
