using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec</c> of a NodePool: the node template, disruption policy, limits and weight.</summary>
public sealed class NodePoolSpec
{
    public NodePoolTemplate Template { get; set; } = new();
    public NodePoolDisruption? Disruption { get; set; }
    public IDictionary<string, ResourceQuantity>? Limits { get; set; }
    public int? Weight { get; set; }
}
