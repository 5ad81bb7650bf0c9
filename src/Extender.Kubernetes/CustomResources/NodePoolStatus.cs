using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary><c>status</c>: the capacity the NodePool has launched, and its conditions.</summary>
public sealed class NodePoolStatus
{
    public IDictionary<string, ResourceQuantity>? Resources { get; set; }
    public IList<V1Condition>? Conditions { get; set; }
}
