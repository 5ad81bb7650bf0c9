using k8s;
using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>
/// Watches pods and checks, after every event (the server sends them in resourceVersion order, so each is a
/// consistent state), that at least <c>minimum</c> selected pods are ready and not being deleted: what a disruption
/// budget promises for voluntary disruptions.
/// </summary>
internal sealed class HealthyPodsInvariant : IAsyncDisposable
{
    private readonly Dictionary<string, bool> _healthy = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly int _minimum;
    private Task _watching = Task.CompletedTask;

    private HealthyPodsInvariant(int minimum) => _minimum = minimum;

    public int Events { get; private set; }

    public static async Task<HealthyPodsInvariant> StartAsync(IKubernetes client, string selector, int minimum)
    {
        var invariant = new HealthyPodsInvariant(minimum);
        var list = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: selector);
        foreach (var pod in list.Items)
        {
            invariant.Apply(WatchEventType.Added, pod, check: false);
        }

        invariant._watching = invariant.WatchAsync(client, selector, list.Metadata.ResourceVersion);
        return invariant;
    }

    public void AssertHeld()
    {
        lock (_healthy)
        {
            Assert.True(Events > 0, "the invariant saw no pod events");
            Assert.True(_violations.Count == 0, string.Join("; ", _violations.Take(5)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(IKubernetes client, string selector, string resourceVersion)
    {
        try
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: selector, resourceVersion: resourceVersion, cancellationToken: _stop.Token))
            {
                Apply(type, pod, check: true);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Done.
        }
    }

    /// <param name="type">The watch event's type.</param>
    /// <param name="pod">The pod as the event carries it.</param>
    /// <param name="check">False while the initial list is loaded: a partly loaded list is no state of the cluster.</param>
    private void Apply(WatchEventType type, V1Pod pod, bool check)
    {
        lock (_healthy)
        {
            Events += check ? 1 : 0;
            if (type == WatchEventType.Deleted)
            {
                _healthy.Remove(pod.Metadata.Uid);
            }
            else
            {
                _healthy[pod.Metadata.Uid] = pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
            }

            var healthy = _healthy.Values.Count(h => h);
            if (check && healthy < _minimum)
            {
                _violations.Add($"{healthy} healthy pods after {type} {pod.Metadata.Name} (resourceVersion {pod.Metadata.ResourceVersion})");
            }
        }
    }
}
