using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.Watching;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.State;

/// <summary>Feeds watched pods into <see cref="ClusterState"/> as Core pods; the API objects are not kept.</summary>
internal sealed class PodStateSink(ClusterState state, IEnumerable<IClusterObserver> observers, ILogger<PodStateSink> logger) : IResourceSink<V1Pod>
{
    private readonly IClusterObserver[] _observers = [.. observers];

    public IReplacement<V1Pod> BeginReplace() => new Replacement(this);

    public void Upsert(V1Pod item)
    {
        if (TryMap(item, out var pod))
        {
            state.UpsertPod(pod);
            Announce(pod, deleted: false);
        }
    }

    public void Delete(V1Pod item)
    {
        if (TryMap(item, out var pod))
        {
            state.DeletePod(pod.Uid);
            Announce(pod, deleted: true);
        }
    }

    private bool TryMap(V1Pod item, out Pod pod)
    {
        try
        {
            pod = PodMapper.Map(item);
            return true;
        }
        catch (FormatException e)
        {
            ReflectorLog.Skipped(logger, "pods", $"{item.Metadata?.NamespaceProperty}/{item.Metadata?.Name}", e.Message);
            pod = null!;
            return false;
        }
    }

    private sealed class Replacement(PodStateSink sink) : IReplacement<V1Pod>
    {
        private readonly List<Pod> _pods = [];

        public void Add(V1Pod item)
        {
            if (sink.TryMap(item, out var pod))
            {
                _pods.Add(pod);
            }
        }

        public void Commit() => sink.Commit(_pods);
    }

    private void Commit(List<Pod> pods)
    {
        // Pods deleted while the watch was disconnected must still be announced, so their reservations are released.
        var listed = pods.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        var gone = _observers.Length == 0 ? [] : state.Current.AllPods.Where(p => !listed.Contains(p.Uid)).ToList();
        state.ReplacePods(pods);
        foreach (var pod in pods)
        {
            Announce(pod, deleted: false);
        }

        foreach (var pod in gone)
        {
            Announce(pod, deleted: true);
        }
    }

    private void Announce(Pod pod, bool deleted)
    {
        foreach (var observer in _observers)
        {
            if (deleted)
            {
                observer.OnPodDeleted(pod);
            }
            else
            {
                observer.OnPodChanged(pod);
            }
        }
    }
}
