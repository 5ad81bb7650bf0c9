using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// Ours, beyond upstream: who may use the room (<see cref="Selector"/>), headroom as an amount (<see cref="Resources"/>)
/// or a percent of a NodePool's requested resources, and a UTC cron window (as a disruption budget's).
/// </summary>
public sealed class CapacityBufferHeadroom
{
    public V1LabelSelector? Selector { get; set; }
    public IDictionary<string, ResourceQuantity>? Resources { get; set; }
    public int? PoolPercentage { get; set; }
    public string? NodePool { get; set; }
    public string? Schedule { get; set; }
    public string? Duration { get; set; }
}
