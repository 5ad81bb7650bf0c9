using System.Collections.Immutable;
using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// The scheduler's Namespace informer: every namespace's labels into the Core picture, for the namespace selectors of
/// pod (anti-)affinity terms, as kube-scheduler's InterPodAffinity plugin reads them through its namespace lister.
/// </summary>
internal sealed class NamespaceLabels(ClusterState state) : IWatchHandler<V1Namespace>
{
    private ImmutableDictionary<string, IReadOnlyDictionary<string, string>> _labels =
        ImmutableDictionary.Create<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    // One watch loop delivers the events in order, so no lock is needed.
    public void Replace(IReadOnlyList<V1Namespace> items) =>
        Publish(items.Where(n => !string.IsNullOrEmpty(n.Metadata?.Name))
            .ToImmutableDictionary(n => n.Metadata.Name, NamespaceMapper.Labels, StringComparer.Ordinal));

    public void Upsert(V1Namespace item)
    {
        if (!string.IsNullOrEmpty(item.Metadata?.Name))
        {
            Publish(_labels.SetItem(item.Metadata.Name, NamespaceMapper.Labels(item)));
        }
    }

    public void Delete(V1Namespace item)
    {
        if (!string.IsNullOrEmpty(item.Metadata?.Name))
        {
            Publish(_labels.Remove(item.Metadata.Name));
        }
    }

    private void Publish(ImmutableDictionary<string, IReadOnlyDictionary<string, string>> labels)
    {
        _labels = labels;
        state.ReplaceNamespaceLabels(labels);
    }
}
