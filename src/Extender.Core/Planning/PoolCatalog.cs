using System.Collections.Concurrent;
using Extender.Core.Catalog;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>
/// A NodePool's merged requirements and launchable instance types, and which of those types each set of pod
/// requirements allows (kept, so that the next plan does not filter the catalog again).
/// </summary>
internal sealed class PoolCatalog(NodePool pool, int index, RequirementSet requirements, List<PoolType> types)
{
    /// <summary>Distinct requirement sets remembered per NodePool; beyond this they are still answered, just not kept.</summary>
    private const int MaxKeptFits = 4096;

    private readonly ConcurrentDictionary<string, GroupPoolFit?> _fits = new(StringComparer.Ordinal);
    private int _nextFitId;

    public NodePool Pool { get; } = pool;
    public int Index { get; } = index;
    public RequirementSet Requirements { get; } = requirements;
    public List<PoolType> Types { get; } = types;
    public bool HasMinValues { get; } = requirements.All.Any(r => r.MinValues is > 0);

    /// <summary>
    /// Keys the NodePool requires that neither an offering nor any of its instance types decides (<c>team In [a, b]</c>):
    /// the node takes one value for each, so pods that need different values cannot share a node (Karpenter narrows
    /// the NodeClaim's requirements the same way), and the value is a label of the planned node.
    /// </summary>
    public string[] OpenKeys { get; } = [.. requirements.All
        .Select(r => r.Key)
        .Where(key => key is not (WellKnownLabels.Zone or WellKnownLabels.CapacityType or WellKnownLabels.NodePool or WellKnownLabels.InstanceType or WellKnownLabels.Hostname)
            && !types.Exists(t => t.Type.Labels.ContainsKey(key)))];

    /// <summary>The types pods with any of <paramref name="combined"/> (already merged with this NodePool's) may run on; null when none.</summary>
    public GroupPoolFit? Fit(List<RequirementSet> combined)
    {
        var key = string.Join("||", combined);
        if (_fits.TryGetValue(key, out var fit))
        {
            return fit;
        }

        fit = FitTypes(combined);
        return _fits.Count < MaxKeptFits ? _fits.GetOrAdd(key, fit) : fit;
    }

    /// <summary>
    /// Can a node of <paramref name="type"/> from a NodePool with <paramref name="poolRequirements"/> carry labels that
    /// satisfy <paramref name="combined"/>? Keys neither the type nor the NodePool defines are absent on the node.
    /// </summary>
    public static bool CompatibleWith(RequirementSet combined, RequirementSet poolRequirements, InstanceType type)
    {
        if (combined.FirstUnsatisfiable() is not null || !OfferingFilter.AllowsType(combined, type))
        {
            return false;
        }

        foreach (var requirement in combined.All)
        {
            var defined = requirement.Key is WellKnownLabels.Zone or WellKnownLabels.CapacityType
                || type.Labels.ContainsKey(requirement.Key)
                || (poolRequirements.Get(requirement.Key) is { } own && !own.AllowsAbsent);
            if (!defined && !requirement.AllowsAbsent)
            {
                return false;
            }
        }

        return OfferingFilter.Offerings(combined, type).Any();
    }

    /// <summary>Per <see cref="OpenKeys"/> entry, the values pods with <paramref name="combined"/> accept (sorted); null: any.</summary>
    private string[]?[] OpenValues(List<RequirementSet> combined)
    {
        var result = new string[]?[OpenKeys.Length];
        for (var k = 0; k < OpenKeys.Length; k++)
        {
            var values = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var requirements in combined.Where(c => c.FirstUnsatisfiable() is null))
            {
                if (requirements.Get(OpenKeys[k]) is not { Complement: false } requirement)
                {
                    values = null;
                    break;
                }

                values.UnionWith(requirement.Values.Where(v => requirement.Matches(v)));
            }

            result[k] = values is null ? null : [.. values];
        }

        return result;
    }

    public static int CapacityTypeBit(string capacityType) => capacityType == CapacityTypes.Spot ? 2 : 1;

    private GroupPoolFit? FitTypes(List<RequirementSet> combined)
    {
        var types = new bool[Types.Count];
        var prices = new double[Types.Count];
        int zoneMask = 0, capacityTypeMask = 0;
        var any = false;
        for (var t = 0; t < Types.Count; t++)
        {
            var poolType = Types[t];
            prices[t] = double.MaxValue;
            foreach (var requirements in combined)
            {
                if (!CompatibleWith(requirements, Requirements, poolType.Type))
                {
                    continue;
                }

                for (var o = 0; o < poolType.Offerings.Length; o++)
                {
                    var offering = poolType.Offerings[o];
                    if (requirements.Get(WellKnownLabels.Zone)?.Matches(offering.Zone) == false
                        || requirements.Get(WellKnownLabels.CapacityType)?.Matches(offering.CapacityType) == false)
                    {
                        continue;
                    }

                    types[t] = any = true;
                    zoneMask |= 1 << poolType.OfferingZones[o];
                    capacityTypeMask |= CapacityTypeBit(offering.CapacityType);
                    prices[t] = Math.Min(prices[t], (double)offering.PricePerHour);
                }
            }
        }

        return any ? new GroupPoolFit(Interlocked.Increment(ref _nextFitId), Types, types, prices, zoneMask, capacityTypeMask) { OpenValues = OpenValues(combined) } : null;
    }
}
