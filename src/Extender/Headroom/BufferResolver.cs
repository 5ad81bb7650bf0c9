using Extender.Core.Cluster;
using Extender.Core.Headroom;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.State;
using k8s.Models;

namespace Extender.Headroom;

/// <summary>
/// Reads each watched CapacityBuffer's template (from its <c>podTemplateRef</c>, or its <c>scalableRef</c>'s
/// Deployment), who may use its room (<c>spec.headroom.selector</c>, else the Deployment's selector, else the
/// template's labels) and its size now. Buffers of another <c>provisioningStrategy</c> are someone else's and skipped.
/// </summary>
internal sealed class BufferResolver(IObjectCache<CapacityBuffer> buffers, IObjectCache<V1Deployment> deployments, IObjectCache<V1PodTemplate> templates)
{
    public IReadOnlyList<ResolvedBuffer> Resolve(ClusterSnapshot cluster, DateTimeOffset now) =>
        [.. buffers.Items.Where(b => b.Spec.ProvisioningStrategy is null or "" or CapacityBuffer.ActiveCapacity).Select(b => Resolve(b, cluster, now))];

    private ResolvedBuffer Resolve(CapacityBuffer buffer, ClusterSnapshot cluster, DateTimeOffset now)
    {
        var spec = CapacityBufferMapper.ToSpec(buffer);
        if (Template(buffer, spec.Namespace) is not { } source)
        {
            return new ResolvedBuffer(buffer, null, Missing(buffer, spec.Namespace), null, null);
        }

        Pod template;
        try
        {
            template = PodMapper.FromTemplate(source.Template, spec.Namespace, spec.Name, spec.Uid);
        }
        catch (FormatException e)
        {
            return new ResolvedBuffer(buffer, null, $"pod template: {e.Message}", source.TemplateName, source.Generation);
        }

        var selector = spec.Selector ?? source.Selector ?? new LabelSelector(template.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), []);
        var withSelector = spec with { Selector = selector };
        var size = BufferReplicas.Compute(withSelector, template.Requests, source.ScalableReplicas, HeadroomDecision.PoolRequested(cluster, spec.NodePool), now);
        return new ResolvedBuffer(buffer, new HeadroomBuffer(withSelector, template, size), size.Problem, source.TemplateName, source.Generation);
    }

    private Source? Template(CapacityBuffer buffer, string @namespace)
    {
        if (buffer.Spec.PodTemplateRef is { } reference)
        {
            return templates.Get(reference.Name, @namespace) is { Template: { } template } podTemplate
                ? new Source(template, null, null, reference.Name, podTemplate.Metadata?.Generation)
                : null;
        }

        if (buffer.Spec.ScalableRef is { Kind: "Deployment", ApiGroup: null or "" or "apps" } scalable
            && deployments.Get(scalable.Name, @namespace) is { Spec.Template: { } deploymentTemplate } deployment)
        {
            return new Source(deploymentTemplate, deployment.Spec.Replicas ?? 1, SelectorMapper.Selector(deployment.Spec.Selector), null, deployment.Metadata?.Generation);
        }

        return null;
    }

    private static string Missing(CapacityBuffer buffer, string @namespace) => buffer.Spec switch
    {
        { PodTemplateRef: { } reference } => $"PodTemplate {@namespace}/{reference.Name} not found",
        { ScalableRef: { Kind: "Deployment", ApiGroup: null or "" or "apps" } scalable } => $"Deployment {@namespace}/{scalable.Name} not found",
        { ScalableRef: { } scalable } => $"scalableRef {scalable.ApiGroup}/{scalable.Kind} is not supported (apps/Deployment is)",
        _ => "one of podTemplateRef or scalableRef must be set",
    };

    private sealed record Source(V1PodTemplateSpec Template, int? ScalableReplicas, LabelSelector? Selector, string? TemplateName, long? Generation);
}
