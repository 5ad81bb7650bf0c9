using Extender.Core.Resources;

namespace Extender.Aws.NodeClasses;

/// <summary>Reserved resources as the kubelet reads them (<c>cpu: 100m</c>, <c>memory: 100Mi</c>).</summary>
internal static class KubeletQuantities
{
    public static IReadOnlyDictionary<string, string> Strings(ResourceList? resources) =>
        (resources ?? ResourceList.Empty).ToDictionary(r => r.Key, r => Quantity.Format(r.Value, binary: r.Key is ResourceNames.Memory or ResourceNames.EphemeralStorage), StringComparer.Ordinal);
}
