using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// A stand-in for kube-scheduler: watches pods and nodes through the real KubernetesClient, schedules the pending
/// pods whose <c>schedulerName</c> it serves one cycle at a time, calls the configured extenders over HTTP exactly as
/// kube-scheduler does, and binds asynchronously. See extender-protocol.md §3, §4 and §7.
/// </summary>
public sealed class SandboxScheduler : IAsyncDisposable
{
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(10);

    private readonly SandboxSchedulerOptions _options;
    private readonly SchedulingQueue _queue;
    private readonly SchedulerCache _cache;
    private readonly SchedulingCycle _cycle;
    private readonly PodBinder _binder;
    private readonly PodStatusWriter _status;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _bindings = new();
    private readonly Task _synced;
    private readonly Task _running;

    private SandboxScheduler(IKubernetes client, SandboxSchedulerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        var time = options.Time;
        _queue = new SchedulingQueue(time, options.PodInitialBackoff, options.PodMaxBackoff);
        _cache = new SchedulerCache(options.SchedulerNames, _queue, time, logger);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        var extenders = options.OrderedExtenders().Select(e => new HttpExtender(e, _http, time, Metrics)).ToList();
        _cycle = new SchedulingCycle(_cache, extenders, logger);
        _binder = new PodBinder(client, extenders.FirstOrDefault(e => e.Config.BindVerb.Length > 0), ApiTimeout, time, logger);
        _status = new PodStatusWriter(client, options.HostName, ApiTimeout, time, logger);

        var pods = new WatchLoop<V1Pod>(
            "pods",
            async token => (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: token)) is var list ? (list.Items, list.Metadata.ResourceVersion) : default,
            (version, onError, token) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: token),
            _cache,
            time,
            logger);
        var nodes = new WatchLoop<V1Node>(
            "nodes",
            async token => (await client.CoreV1.ListNodeAsync(cancellationToken: token)) is var list ? (list.Items, list.Metadata.ResourceVersion) : default,
            (version, onError, token) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: token),
            _cache,
            time,
            logger);
        var namespaces = new WatchLoop<V1Namespace>(
            "namespaces",
            async token => (await client.CoreV1.ListNamespaceAsync(cancellationToken: token)) is var list ? (list.Items, list.Metadata.ResourceVersion) : default,
            (version, onError, token) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: token),
            new NamespaceLabels(_cache.State),
            time,
            logger);
        var watches = Task.WhenAll(pods.RunAsync(_stopping.Token), nodes.RunAsync(_stopping.Token), namespaces.RunAsync(_stopping.Token));
        _synced = Task.WhenAll(pods.Synced, nodes.Synced, namespaces.Synced);
        _running = Task.WhenAll(watches, ScheduleLoopAsync(_stopping.Token));
    }

    public SchedulerMetrics Metrics { get; } = new();

    /// <summary>Pods waiting, backing off or in flight.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>Validates <paramref name="options"/> and starts watching and scheduling.</summary>
    public static SandboxScheduler Start(IKubernetes client, SandboxSchedulerOptions options, ILogger<SandboxScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SandboxScheduler(client, options, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Completes once pods, nodes and namespaces have been listed, as <c>WaitForCacheSync</c>.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        await Task.WhenAll(_bindings.Keys);
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task ScheduleLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _synced.WaitAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_queue.TryPop(out var uid, out var wait))
                {
                    await ScheduleOneAsync(uid, cancellationToken);
                }
                else
                {
                    await _queue.WaitAsync(wait, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ScheduleOneAsync(string uid, CancellationToken cancellationToken)
    {
        var apiPod = _cache.FindPod(uid);
        var pod = _cache.State.Current.FindPod(uid);
        if (apiPod is null || pod is null || pod.NodeName is not null)
        {
            _queue.Remove(uid);
            return;
        }

        Metrics.CountAttempt();
        try
        {
            var result = await _cycle.RunAsync(pod, apiPod, cancellationToken);
            if (result.Node is null)
            {
                await FailAsync(uid, apiPod, pod.SchedulerName, result.Reason, result.Message, cancellationToken);
                return;
            }

            // Assume first, so that the next cycle already counts this pod on its node while the binding runs.
            _cache.Assume(uid, result.Node);
            var binding = BindAsync(uid, apiPod, pod.SchedulerName, result.Node, cancellationToken);
            _bindings.TryAdd(binding, 0);
            _ = binding.ContinueWith(t => _bindings.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SchedulerLog.CycleCrashed(_logger, uid, e);
            _queue.Failed(uid);
        }
    }

    private async Task BindAsync(string uid, V1Pod pod, string schedulerName, string node, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var key = ApiPods.Key(pod);
        try
        {
            await _binder.BindAsync(pod, node, cancellationToken);
            Metrics.RecordBinding(new PodBinding(key, uid, node, _options.Time.GetUtcNow() - _cache.FirstSeen(uid)));
            SchedulerLog.Bound(_logger, key, node);
            await _status.RecordScheduledAsync(pod, schedulerName, node, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is ExtenderException or HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // The binding may have gone through with only the reply lost; the watch then already shows the pod bound.
            if (_cache.FindPod(uid)?.Spec?.NodeName is { Length: > 0 })
            {
                return;
            }

            _cache.Forget(uid);
            await FailAsync(uid, pod, schedulerName, CycleResult.SchedulerError, e.Message, cancellationToken);
        }
    }

    private async Task FailAsync(string uid, V1Pod pod, string schedulerName, string reason, string message, CancellationToken cancellationToken)
    {
        SchedulerLog.SchedulingFailed(_logger, uid, reason, message);
        await _status.RecordFailureAsync(pod, schedulerName, reason, message, cancellationToken);
        _queue.Failed(uid);
        Metrics.CountFailure();
    }
}
