using k8s;

namespace Extender.Kubernetes.Watching;

/// <summary>An <see cref="IListWatchSource{T}"/> made of two client calls.</summary>
internal sealed class ListWatchSource<T>(
    string resource,
    Func<string?, int, CancellationToken, Task<ListPage<T>>> list,
    Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IListWatchSource<T>
{
    public string Resource => resource;

    public Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken) =>
        list(continueToken, limit, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        watch(resourceVersion, timeoutSeconds, onError, cancellationToken);
}
