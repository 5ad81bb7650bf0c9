using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

public sealed class NodeClaimResources
{
    /// <summary>What the reserved pods (plus daemon set overhead) need from the node.</summary>
    public IDictionary<string, ResourceQuantity>? Requests { get; set; }
}
