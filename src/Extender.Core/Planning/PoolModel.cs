using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>A NodePool prepared for planning: merged requirements, its launchable types, and what its limits leave.</summary>
internal sealed class PoolModel(NodePool pool, int index, RequirementSet requirements, List<PoolType> types, long[]? limitsRemaining)
{
    public NodePool Pool { get; } = pool;
    public int Index { get; } = index;
    public RequirementSet Requirements { get; } = requirements;
    public List<PoolType> Types { get; } = types;
    public bool HasMinValues { get; } = requirements.All.Any(r => r.MinValues is > 0);

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
