using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// <c>status</c> as upstream writes it (<c>podTemplateRef</c>, <c>replicas</c>, <c>podTemplateGeneration</c>,
/// <c>provisioningStrategy</c>, conditions <c>ReadyForProvisioning</c> and <c>Provisioning</c>), plus what is held now.
/// </summary>
public sealed class CapacityBufferStatus
{
    public CapacityBufferObjectRef? PodTemplateRef { get; set; }
    public int? Replicas { get; set; }
    public long? PodTemplateGeneration { get; set; }
    public string? ProvisioningStrategy { get; set; }
    public IList<V1Condition>? Conditions { get; set; }

    /// <summary>Ours: replicas whose room is held on Ready nodes now (what a pod can bind to at once).</summary>
    public int? ReadyReplicas { get; set; }
}
