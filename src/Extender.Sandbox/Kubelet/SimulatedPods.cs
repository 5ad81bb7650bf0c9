using System.Net;
using Extender.Sandbox.Controllers;
using Extender.Sandbox.Scheduling;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// The pod half of the sandbox's kubelets: a pod bound to a registered node starts at once (one status PATCH to
/// Running, ready); a pod with <see cref="PodAnnotations.RunFor"/> and a restartPolicy other than Always Succeeds when
/// that time is up; a pod being deleted (deletionTimestamp set) is removed with gracePeriodSeconds=0 once its
/// containers have stopped: at once when none was running, else when the grace period ends (or
/// <see cref="PodAnnotations.StopAfter"/> after the deletion). Pods are worked through a deduplicating queue, so a burst
/// of events for a pod costs one write.
/// </summary>
public sealed class SimulatedPods : IAsyncDisposable
{
    /// <summary>As a kubelet watches only its node's pods (<c>spec.nodeName=NODE</c>): the kubelets of every node see only bound pods.</summary>
    private const string BoundPods = "spec.nodeName!=";

    private readonly IKubernetes _client;
    private readonly SimulatedKubeletOptions _options;
    private readonly ILogger _logger;
    private readonly ObjectCache<V1Pod> _pods;
    private readonly ObjectCache<V1Node> _nodes;
    private readonly WorkQueue _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _synced;
    private readonly Task _running;
    private int _started;
    private int _succeeded;
    private int _terminated;

    private SimulatedPods(IKubernetes client, SimulatedKubeletOptions options, ILogger logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _queue = new WorkQueue(options.Time);
        _pods = new ObjectCache<V1Pod>((_, pod) =>
        {
            if (pod is not null)
            {
                _queue.Add(ObjectCache<V1Pod>.Key(pod));
            }
        });
        _nodes = new ObjectCache<V1Node>((_, node) =>
        {
            // Pods bound before their node registered start with it.
            foreach (var pod in node is null ? [] : _pods.Values.Where(p => p.Spec?.NodeName == node.Metadata.Name))
            {
                _queue.Add(ObjectCache<V1Pod>.Key(pod));
            }
        });
        var token = _stopping.Token;
        var pods = new WatchLoop<V1Pod>(
            "pods",
            async t => (await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: BoundPods, cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default,
            (v, e, t) => client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: BoundPods, allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t),
            _pods,
            options.Time,
            logger);
        var nodes = new WatchLoop<V1Node>(
            "nodes",
            async t => (await client.CoreV1.ListNodeAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default,
            (v, e, t) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t),
            _nodes,
            options.Time,
            logger);
        _synced = Task.WhenAll(pods.Synced, nodes.Synced);
        _running = Task.WhenAll(
            pods.RunAsync(token),
            nodes.RunAsync(token),
            _queue.RunAsync(options.PodWorkers, SyncAsync, (key, e) => KubeletLog.PodUpdateFailed(logger, key, e.Message), token));
    }

    /// <summary>Pods moved to Running so far.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Pods whose containers ran their <see cref="PodAnnotations.RunFor"/> and exited 0.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Pods removed after their graceful deletion.</summary>
    public int Terminated => Volatile.Read(ref _terminated);

    public static SimulatedPods Start(IKubernetes client, SimulatedKubeletOptions options, ILogger<SimulatedPods>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SimulatedPods(client, options, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Completes once pods and nodes have been listed.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_pods.Get(key) is not { } pod || string.IsNullOrEmpty(pod.Spec?.NodeName) || _nodes.Get(pod.Spec.NodeName) is not { } node)
        {
            return;
        }

        var now = _options.Time.GetUtcNow();
        var phase = pod.Status?.Phase;
        if (pod.Metadata.DeletionTimestamp is { } deletion)
        {
            var due = phase == "Running" ? StopsAt(pod, deletion) : now;
            if (due > now)
            {
                _queue.AddAfter(key, due - now, cancellationToken);
                return;
            }

            await CallAsync(token => _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: token), cancellationToken);
            Interlocked.Increment(ref _terminated);
            return;
        }

        if (phase is null or "Pending")
        {
            var hostIp = node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? "10.0.0.1";
            await PatchStatusAsync(pod, PodStatuses.Running(pod, hostIp, now.UtcDateTime), cancellationToken);
            Interlocked.Increment(ref _started);
            return;
        }

        if (phase == "Running" && pod.Spec.RestartPolicy != "Always" && PodAnnotations.Duration(pod, PodAnnotations.RunFor) is { } runFor)
        {
            var started = pod.Status?.StartTime is { } start ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) : now;
            if (started + runFor > now)
            {
                _queue.AddAfter(key, started + runFor - now, cancellationToken);
                return;
            }

            await PatchStatusAsync(pod, PodStatuses.Succeeded(pod, now.UtcDateTime), cancellationToken);
            Interlocked.Increment(ref _succeeded);
        }
    }

    /// <summary>When the containers have exited: the end of the grace period (the deletionTimestamp), or sooner with stop-after.</summary>
    private static DateTimeOffset StopsAt(V1Pod pod, DateTime deletionTimestamp)
    {
        var graceEnds = new DateTimeOffset(DateTime.SpecifyKind(deletionTimestamp, DateTimeKind.Utc));
        if (PodAnnotations.Duration(pod, PodAnnotations.StopAfter) is not { } stopAfter)
        {
            return graceEnds;
        }

        var requested = graceEnds - TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? 0);
        var stopped = requested + stopAfter;
        return stopped < graceEnds ? stopped : graceEnds;
    }

    private Task PatchStatusAsync(V1Pod pod, System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken) =>
        CallAsync(token => _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);

    /// <summary>A 404 or 409 means the pod is gone or changed under us: its next event brings it back to the queue.</summary>
    private async Task CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ApiTimeout);
        try
        {
            await call(timeout.Token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Nothing to do.
        }
    }
}
