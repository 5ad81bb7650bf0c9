using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>A NodePool in one plan: its prepared types (<see cref="PoolCatalog"/>, shared between plans) and what its limits leave.</summary>
internal sealed class PoolModel(PoolCatalog catalog, long[]? limitsRemaining, IReadOnlyList<Cluster.HostPort> daemonPorts)
{
    /// <summary>Host ports of the DaemonSets that may run on the NodePool's nodes: taken on each of its new nodes.</summary>
    public IReadOnlyList<Cluster.HostPort> DaemonPorts { get; } = daemonPorts;

    public PoolCatalog Catalog { get; } = catalog;
    public NodePool Pool => Catalog.Pool;
    public int Index => Catalog.Index;
    public RequirementSet Requirements => Catalog.Requirements;
    public List<PoolType> Types => Catalog.Types;
    public bool HasMinValues => Catalog.HasMinValues;

    /// <summary>Capacity the NodePool may still launch per axis; null when it has no limits.</summary>
    public long[]? LimitsRemaining { get; } = limitsRemaining;

    public void Reserve(long[] capacity, int sign)
    {
        if (LimitsRemaining is not null)
        {
            ResourceAxes.AddTo(LimitsRemaining, capacity, -sign);
        }
    }

    public bool WithinLimits(long[] capacity, long[]? released = null)
    {
        if (LimitsRemaining is null)
        {
            return true;
        }

        for (var i = 0; i < capacity.Length; i++)
        {
            if (capacity[i] - (released?[i] ?? 0) > LimitsRemaining[i])
            {
                return false;
            }
        }

        return true;
    }
}
