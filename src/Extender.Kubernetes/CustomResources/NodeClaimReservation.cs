using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>A pod a claim's capacity is held for.</summary>
public sealed class NodeClaimReservation
{
    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";

    /// <summary>The demand held for the pod, so a restart rebuilds the same reservation without the pod's spec.</summary>
    public IDictionary<string, ResourceQuantity>? Requests { get; set; }

    /// <summary>When the hold began; its TTL runs from here, so a restart does not extend it.</summary>
    public DateTime? ReservedAt { get; set; }

    /// <summary>Set on a replacement slot: the key the pod that takes it must have (<see cref="Core.Reservations.ReplacementKey"/>).</summary>
    public NodeClaimReplacement? Replaces { get; set; }
}
