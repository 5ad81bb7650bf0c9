using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec.template.spec</c>: requirements, taints, startup taints, expiry and node class.</summary>
public sealed class NodePoolTemplateSpec
{
    public IList<NodePoolRequirement>? Requirements { get; set; }
    public IList<V1Taint>? Taints { get; set; }
    public IList<V1Taint>? StartupTaints { get; set; }
    public string? ExpireAfter { get; set; }
    public string? TerminationGracePeriod { get; set; }
    public NodePoolNodeClassRef? NodeClassRef { get; set; }
}
