using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

public sealed class NodeClaimStatus
{
    public string? ProviderID { get; set; }

    public string? InstanceType { get; set; }

    public string? Zone { get; set; }

    public string? CapacityType { get; set; }

    /// <summary>Decimal text of the launched offering's price per hour.</summary>
    public string? PricePerHour { get; set; }

    public string? NodeName { get; set; }

    public IDictionary<string, ResourceQuantity>? Allocatable { get; set; }

    /// <summary>See <see cref="NodeClaimConditionTypes"/>.</summary>
    public IList<CustomResourceCondition>? Conditions { get; set; }
}
