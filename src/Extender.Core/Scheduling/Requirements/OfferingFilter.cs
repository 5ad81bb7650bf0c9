using Extender.Core.Catalog;

namespace Extender.Core.Scheduling.Requirements;

/// <summary>Which instance types and offerings a set of requirements allows.</summary>
public static class OfferingFilter
{
    /// <summary>
    /// True when <paramref name="type"/>'s labels satisfy <paramref name="requirements"/> on every key the type defines.
    /// Zone and capacity type are left to <see cref="Offerings"/>; other keys are decided by the NodePool.
    /// </summary>
    public static bool AllowsType(RequirementSet requirements, InstanceType type)
    {
        foreach (var requirement in requirements.All)
        {
            if (requirement.Key is WellKnownLabels.Zone or WellKnownLabels.CapacityType)
            {
                continue;
            }

            if (type.Labels.TryGetValue(requirement.Key, out var value) && !requirement.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The available offerings of <paramref name="type"/> whose zone and capacity type the requirements allow.</summary>
    public static IEnumerable<Offering> Offerings(RequirementSet requirements, InstanceType type)
    {
        var zone = requirements.Get(WellKnownLabels.Zone);
        var capacityType = requirements.Get(WellKnownLabels.CapacityType);
        foreach (var offering in type.Offerings)
        {
            if (offering.Available
                && (zone is null || zone.Matches(offering.Zone))
                && (capacityType is null || capacityType.Matches(offering.CapacityType)))
            {
                yield return offering;
            }
        }
    }
}
