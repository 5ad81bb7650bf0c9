using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec</c> of a CapacityBuffer: upstream's fields, and our <see cref="Headroom"/>.</summary>
public sealed class CapacityBufferSpec
{
    public string? ProvisioningStrategy { get; set; }
    public CapacityBufferObjectRef? PodTemplateRef { get; set; }
    public CapacityBufferScalableRef? ScalableRef { get; set; }
    public int? Replicas { get; set; }
    public int? Percentage { get; set; }
    public IDictionary<string, ResourceQuantity>? Limits { get; set; }
    public CapacityBufferHeadroom? Headroom { get; set; }
}
