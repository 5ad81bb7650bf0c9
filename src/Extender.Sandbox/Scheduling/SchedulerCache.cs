using System.Collections.Concurrent;
using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// The scheduler's informer cache and event handlers: API objects (sent to extenders as they are), the Core picture
/// the in-tree filters read, and pods assumed onto a node while their binding is in flight, so that the next cycle
/// already counts them, as kube-scheduler's cache does.
/// </summary>
internal sealed class SchedulerCache(IReadOnlySet<string> schedulerNames, SchedulingQueue queue, TimeProvider time, ILogger logger)
    : IWatchHandler<V1Pod>, IWatchHandler<V1Node>
{
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1Node> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _assumed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    public ClusterState State { get; } = new();

    public V1Pod? FindPod(string uid) => _pods.GetValueOrDefault(uid);

    public V1Node? FindNode(string name) => _nodes.GetValueOrDefault(name);

    /// <summary>When the pod was first seen pending, the start of its pending-to-bound time.</summary>
    public DateTimeOffset FirstSeen(string uid) => _firstSeen.GetValueOrDefault(uid, time.GetUtcNow());

    /// <summary>Counts the pod on <paramref name="node"/> until the watch shows it bound or <see cref="Forget"/> is called.</summary>
    public void Assume(string uid, string node)
    {
        _assumed[uid] = node;
        Refresh(uid);
    }

    /// <summary>The binding failed: the pod is pending again.</summary>
    public void Forget(string uid)
    {
        if (_assumed.TryRemove(uid, out _))
        {
            Refresh(uid);
        }
    }

    void IWatchHandler<V1Pod>.Replace(IReadOnlyList<V1Pod> items)
    {
        var mapped = items.Select(p => (Api: p, Core: TryMap(p))).Where(p => p.Core is not null).ToList();
        var keep = mapped.Select(p => p.Core!.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _pods.Keys.Where(uid => !keep.Contains(uid)))
        {
            Drop(gone);
        }

        foreach (var (api, core) in mapped)
        {
            _pods[core!.Uid] = api;
        }

        State.ReplacePods(mapped.Select(p => p.Core!));
        foreach (var (_, core) in mapped)
        {
            Track(core!);
        }
    }

    void IWatchHandler<V1Pod>.Upsert(V1Pod item)
    {
        if (TryMap(item) is not { } pod)
        {
            return;
        }

        _pods[pod.Uid] = item;
        State.UpsertPod(pod);
        Track(pod);
    }

    void IWatchHandler<V1Pod>.Delete(V1Pod item)
    {
        if (TryMap(item) is { } pod)
        {
            Drop(pod.Uid);
            State.DeletePod(pod.Uid);

            // Freed capacity can make waiting pods fit (upstream's AssignedPodDelete event).
            if (pod.NodeName is not null)
            {
                queue.OnClusterChange();
            }
        }
    }

    void IWatchHandler<V1Node>.Replace(IReadOnlyList<V1Node> items)
    {
        _nodes.Clear();
        foreach (var node in items)
        {
            _nodes[node.Metadata.Name] = node;
        }

        State.ReplaceNodes(items.Select(NodeMapper.Map));
        queue.OnClusterChange();
    }

    void IWatchHandler<V1Node>.Upsert(V1Node item)
    {
        _nodes[item.Metadata.Name] = item;
        State.UpsertNode(NodeMapper.Map(item));
        queue.OnClusterChange();
    }

    void IWatchHandler<V1Node>.Delete(V1Node item)
    {
        _nodes.TryRemove(item.Metadata.Name, out _);
        State.DeleteNode(item.Metadata.Name);
    }

    private void Track(Pod pod)
    {
        // An assumed pod stays in flight in the queue until its binding is confirmed or fails.
        if (_assumed.ContainsKey(pod.Uid))
        {
            return;
        }

        if (pod.NodeName is not null || pod.Terminating || pod.IsFinished || !schedulerNames.Contains(pod.SchedulerName))
        {
            queue.Remove(pod.Uid);
            return;
        }

        if (_pods.TryGetValue(pod.Uid, out var api) && api.Spec?.SchedulingGates is { Count: > 0 })
        {
            return;
        }

        _firstSeen.TryAdd(pod.Uid, time.GetUtcNow());
        queue.Add(pod.Uid, pod.Priority, pod.CreatedAt);
    }

    private void Drop(string uid)
    {
        _pods.TryRemove(uid, out _);
        _assumed.TryRemove(uid, out _);
        _firstSeen.TryRemove(uid, out _);
        queue.Remove(uid);
    }

    private void Refresh(string uid)
    {
        if (_pods.TryGetValue(uid, out var api) && TryMap(api) is { } pod)
        {
            State.UpsertPod(pod);
        }
    }

    private Pod? TryMap(V1Pod item)
    {
        try
        {
            // kube-scheduler is a process of its own: in the demo it must not contend for the sidecar's string pool.
            var pod = PodMapper.MapUnshared(item);
            if (pod.NodeName is not null)
            {
                // The watch confirmed the binding; the assumption is no longer needed.
                _assumed.TryRemove(pod.Uid, out _);
                return pod;
            }

            return _assumed.TryGetValue(pod.Uid, out var node) ? pod with { NodeName = node } : pod;
        }
        catch (FormatException e)
        {
            SchedulerLog.PodSkipped(logger, item.Metadata?.NamespaceProperty, item.Metadata?.Name, e.Message);
            return null;
        }
    }
}
