using System.Runtime.CompilerServices;
using Extender.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Tests.Watching;

/// <summary>
/// A list-and-watch source whose lists always succeed at once and whose watches behave as the test says, recording
/// when (on the fake clock) each call was made.
/// </summary>
internal sealed class ScriptedSource(TimeProvider time, WatchBehaviour behaviour) : IListWatchSource<V1Pod>
{
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _lists = [];
    private readonly List<DateTimeOffset> _watches = [];
    private int _resourceVersion = 10;

    public string Resource => "pods";

    public IReadOnlyList<DateTimeOffset> ListTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _lists];
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> WatchTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _watches];
            }
        }
    }

    public Task<ListPage<V1Pod>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _lists.Add(time.GetUtcNow());
        }

        return Task.FromResult(new ListPage<V1Pod>([Pod("a")], "10", null));
    }

    public IAsyncEnumerable<(WatchEventType Type, V1Pod Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _watches.Add(time.GetUtcNow());
        }

        return WatchAsync(onError, cancellationToken);
    }

    private async IAsyncEnumerable<(WatchEventType Type, V1Pod Object)> WatchAsync(Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        switch (behaviour)
        {
            case WatchBehaviour.OpenFails:
                throw new HttpRequestException("connection refused");
            case WatchBehaviour.Gone:
                onError(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));
                yield break;
            case WatchBehaviour.OneEventThenCloses:
                var next = Interlocked.Increment(ref _resourceVersion);
                yield return (WatchEventType.Modified, Pod("a", next));
                yield break;
            default:
                yield break;
        }
    }

    private static V1Pod Pod(string name, int resourceVersion = 10) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
}
