using Extender.Core.Catalog;

namespace Extender.Core.Planning;

/// <summary>An instance type as one NodePool may launch it: room left for pods after DaemonSets, and its offerings.</summary>
internal sealed class PoolType(InstanceType type, int order, long[] podCapacity, long[] limitCapacity, Offering[] offerings, int[] offeringZones)
{
    public InstanceType Type { get; } = type;

    /// <summary>Position in the catalog's name order: the last tie-breaker.</summary>
    public int Order { get; } = order;

    public long[] PodCapacity { get; } = podCapacity;
    public long[] LimitCapacity { get; } = limitCapacity;
    public Offering[] Offerings { get; } = offerings;
    public int[] OfferingZones { get; } = offeringZones;

    public int ZoneMask { get; } = offeringZones.Aggregate(0, static (mask, zone) => mask | (1 << zone));
}
