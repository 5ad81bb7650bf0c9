using System.Collections.Immutable;
using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.Watching;
using k8s.Models;

namespace Extender.Kubernetes.State;

/// <summary>
/// Feeds every namespace's labels into <see cref="ClusterState"/>: the namespace selectors of pod (anti-)affinity terms
/// pick namespaces by them, in the filter and the planner alike. Only the labels are kept.
/// </summary>
internal sealed class NamespaceStateSink(ClusterState state) : IResourceSink<V1Namespace>
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, IReadOnlyDictionary<string, string>> _labels =
        ImmutableDictionary.Create<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    public IReplacement<V1Namespace> BeginReplace() => new Replacement(this);

    public void Upsert(V1Namespace item)
    {
        if (!string.IsNullOrEmpty(item.Metadata?.Name))
        {
            Swap(labels => labels.SetItem(item.Metadata.Name, NamespaceMapper.Labels(item)));
        }
    }

    public void Delete(V1Namespace item)
    {
        if (!string.IsNullOrEmpty(item.Metadata?.Name))
        {
            Swap(labels => labels.Remove(item.Metadata.Name));
        }
    }

    // Under a lock so that the state receives the sets in the order they were made.
    private void Swap(Func<ImmutableDictionary<string, IReadOnlyDictionary<string, string>>, ImmutableDictionary<string, IReadOnlyDictionary<string, string>>> change)
    {
        lock (_gate)
        {
            _labels = change(_labels);
            state.ReplaceNamespaceLabels(_labels);
        }
    }

    private sealed class Replacement(NamespaceStateSink sink) : IReplacement<V1Namespace>
    {
        private readonly ImmutableDictionary<string, IReadOnlyDictionary<string, string>>.Builder _labels =
            ImmutableDictionary.CreateBuilder<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

        public void Add(V1Namespace item)
        {
            if (!string.IsNullOrEmpty(item.Metadata?.Name))
            {
                _labels[item.Metadata.Name] = NamespaceMapper.Labels(item);
            }
        }

        public void Commit() => sink.Swap(_ => _labels.ToImmutable());
    }
}
