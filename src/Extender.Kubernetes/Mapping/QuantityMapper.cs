using Extender.Core.Resources;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>A Core resource list as the API writes it: binary suffixes for bytes (<c>16Gi</c>), decimal for the rest.</summary>
public static class QuantityMapper
{
    public static Dictionary<string, ResourceQuantity> ToQuantities(ResourceList resources) =>
        resources.ToDictionary(r => r.Key, r => new ResourceQuantity(Quantity.Format(r.Value, ResourceNames.IsBinary(r.Key))), StringComparer.Ordinal);
}
