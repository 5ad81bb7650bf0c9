namespace Extender.Core.Catalog;

/// <summary>The labels a node launched for a NodeClaim carries, so that every pod planned onto it can select it.</summary>
public static class NodeLabels
{
    /// <summary>
    /// What a node of <paramref name="type"/> bought in <paramref name="zone"/> as <paramref name="capacityType"/> for a
    /// claim with <paramref name="claimLabels"/> (its NodePool's labels and the values its requirements narrowed to)
    /// carries: the type's labels, the offering's, the claim's, and each under every other spelling
    /// (<see cref="KarpenterLabels.AliasesOf"/>).
    /// </summary>
    public static Dictionary<string, string> ForLaunch(InstanceType type, string zone, string capacityType, IReadOnlyDictionary<string, string> claimLabels)
    {
        var labels = new Dictionary<string, string>(type.Labels, StringComparer.Ordinal)
        {
            [WellKnownLabels.Zone] = zone,
            [WellKnownLabels.CapacityType] = capacityType,
        };
        foreach (var (key, value) in claimLabels)
        {
            labels[KarpenterLabels.Normalize(key)] = value;
        }

        foreach (var (key, value) in labels.ToList())
        {
            foreach (var alias in KarpenterLabels.AliasesOf(key))
            {
                labels[alias] = value;
            }
        }

        return labels;
    }
}
