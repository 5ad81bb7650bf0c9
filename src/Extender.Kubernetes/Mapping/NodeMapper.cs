using Extender.Core.Cluster;
using Extender.Core.Resources;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>Maps KubernetesClient nodes onto the Core <see cref="Node"/>.</summary>
public static class NodeMapper
{
    public static Node Map(V1Node node)
    {
        var meta = node.Metadata ?? new V1ObjectMeta();
        var name = SharedStrings.Share(meta.Name ?? "");
        var quantities = node.Status?.Allocatable ?? node.Status?.Capacity;
        ResourceList allocatable;
        try
        {
            allocatable = ApiValues.Resources(quantities);
        }
        catch (FormatException e)
        {
            throw new FormatException($"node {name} status.allocatable: {e.Message}", e);
        }

        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        return new Node
        {
            Name = name,
            Labels = SharedStrings.Map(meta.Labels),
            Taints = SelectorMapper.Each(node.Spec?.Taints, t => new Taint(SharedStrings.Share(t.Key ?? ""), SharedStrings.Share(t.Value ?? ""), SharedStrings.Share(t.Effect ?? ""))),
            Allocatable = allocatable,
            Unschedulable = node.Spec?.Unschedulable ?? false,

            // kube-scheduler does not filter on readiness (the node lifecycle controller taints unready nodes);
            // a node object without conditions, as in hand-written `plan` input, counts as ready.
            Ready = ready is null || ready.Status == "True",
            ProviderId = node.Spec?.ProviderID,
            CreatedAt = ApiValues.Utc(meta.CreationTimestamp),
            DeletedAt = meta.DeletionTimestamp is { } deleted ? ApiValues.Utc(deleted) : null,
            Finalizers = meta.Finalizers is { Count: > 0 } finalizers ? [.. finalizers] : [],
            DoNotDisrupt = DisruptionAnnotations.Value(meta.Annotations),
        };
    }
}
