using Extender.Sandbox.Scheduling;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// The sandbox's kube-controller-manager: the Deployment, ReplicaSet, DaemonSet, Job and disruption controllers, over shared
/// informers (list and watch through the real KubernetesClient), each with its own work queue. They act through
/// the API only, as upstream's do, so that what they do costs and shows what it would in a cluster.
/// </summary>
public sealed class SandboxControllers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _synced;
    private readonly Task _running;

    private SandboxControllers(IKubernetes client, SandboxControllersOptions options, ILogger logger)
    {
        var context = new ControllerContext(client, options.Time, options.ApiTimeout, logger);
        var replicaSets = new ReplicaSetController(context);
        var deployments = new DeploymentController(context);
        var disruption = new DisruptionController(context);
        var jobs = new JobController(context);
        var daemonSets = new DaemonSetController(context);
        context.Pods = new ObjectCache<V1Pod>((old, current) =>
        {
            replicaSets.OnPod(old, current);
            jobs.OnPod(old, current);
            daemonSets.OnPod(old, current);
            disruption.OnPod(old, current);
        });
        context.ReplicaSets = new ObjectCache<V1ReplicaSet>((old, current) =>
        {
            replicaSets.OnReplicaSet(old, current);
            deployments.OnReplicaSet(old, current);
            disruption.OnScale((current ?? old)!.Metadata.NamespaceProperty);
        });
        context.Deployments = new ObjectCache<V1Deployment>((old, current) =>
        {
            deployments.OnDeployment(old, current);
            disruption.OnScale((current ?? old)!.Metadata.NamespaceProperty);
        });
        context.Budgets = new ObjectCache<V1PodDisruptionBudget>(disruption.OnBudget);
        context.Jobs = new ObjectCache<V1Job>(jobs.OnJob);
        context.DaemonSets = new ObjectCache<V1DaemonSet>(daemonSets.OnDaemonSet);
        context.Nodes = new ObjectCache<V1Node>(daemonSets.OnNode);

        var token = _stopping.Token;
        var time = options.Time;
        var informers = new (Task Run, Task Synced)[]
        {
            Inform("pods", context.Pods, async t => (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
            Inform("replicasets", context.ReplicaSets, async t => (await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
            Inform("deployments", context.Deployments, async t => (await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
            Inform("daemonsets", context.DaemonSets, async t => (await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
            Inform("nodes", context.Nodes, async t => (await client.CoreV1.ListNodeAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
            Inform("jobs", context.Jobs, async t => (await client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.BatchV1.WatchListJobForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
            Inform("poddisruptionbudgets", context.Budgets, async t => (await client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(cancellationToken: t)) is var l ? (l.Items, l.Metadata.ResourceVersion) : default, (v, e, t) => client.PolicyV1.WatchListPodDisruptionBudgetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: v, onError: e, cancellationToken: t), time, logger, token),
        };
        _synced = Task.WhenAll(informers.Select(i => i.Synced));

        // As WaitForCacheSync: no controller acts on a half-filled cache.
        _running = Task.WhenAll(
            Task.WhenAll(informers.Select(i => i.Run)),
            RunAfterSyncAsync(replicaSets.Queue, "replicaset", replicaSets.SyncAsync, options.Workers, logger, token),
            RunAfterSyncAsync(deployments.Queue, "deployment", deployments.SyncAsync, options.Workers, logger, token),
            RunAfterSyncAsync(daemonSets.Queue, "daemonset", daemonSets.SyncAsync, options.Workers, logger, token),
            RunAfterSyncAsync(jobs.Queue, "job", jobs.SyncAsync, options.Workers, logger, token),
            RunAfterSyncAsync(disruption.Queue, "disruption", disruption.SyncAsync, 1, logger, token));
    }

    /// <summary>Starts the informers and the controllers.</summary>
    public static SandboxControllers Start(IKubernetes client, SandboxControllersOptions options, ILogger<SandboxControllers>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SandboxControllers(client, options, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Completes once every informer has listed its resource.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();
    }

    private async Task RunAfterSyncAsync(WorkQueue queue, string name, Func<string, CancellationToken, Task> sync, int workers, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await _synced.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await queue.RunAsync(workers, sync, (key, e) => ControllerLog.SyncFailed(logger, name, key, e.Message), cancellationToken);
    }

    private static (Task Run, Task Synced) Inform<T>(
        string resource,
        ObjectCache<T> cache,
        Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> watch,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var loop = new WatchLoop<T>(resource, list, watch, cache, time, logger);
        return (loop.RunAsync(cancellationToken), loop.Synced);
    }
}
