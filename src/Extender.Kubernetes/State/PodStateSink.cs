using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.Watching;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.State;

/// <summary>Feeds watched pods into <see cref="ClusterState"/> as Core pods; the API objects are not kept.</summary>
internal sealed class PodStateSink(ClusterState state, ILogger<PodStateSink> logger) : IResourceSink<V1Pod>
{
    public IReplacement<V1Pod> BeginReplace() => new Replacement(this);

    public void Upsert(V1Pod item)
    {
        if (TryMap(item, out var pod))
        {
            state.UpsertPod(pod);
        }
    }

    public void Delete(V1Pod item)
    {
        if (TryMap(item, out var pod))
        {
            state.DeletePod(pod.Uid);
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

    private void Commit(List<Pod> pods) => state.ReplacePods(pods);
}
