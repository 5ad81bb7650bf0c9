using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Core.Scheduling;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>NodePools, their launchable instance types and DaemonSet overhead, and each pod group's fit with them.</summary>
internal sealed partial class PlanningRun
{
    private void BuildPools(List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        var daemons = _input.DaemonSetPods.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var ordered = _input.NodePools.OrderByDescending(p => p.Weight).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var catalog = _input.Catalog.InstanceTypes;
        foreach (var pool in ordered)
        {
            var requirements = pool.Requirements
                .Intersect(RequirementSet.FromLabels(pool.Labels))
                .Intersect(RequirementSet.Of([Requirement.In(WellKnownLabels.NodePool, pool.Name)]));
            var types = new List<PoolType>();
            if (requirements.FirstUnsatisfiable() is null)
            {
                for (var i = 0; i < catalog.Count; i++)
                {
                    if (BuildPoolType(pool, requirements, catalog[i], i, daemons) is { } poolType)
                    {
                        types.Add(poolType);
                    }
                }
            }

            _pools.Add(new PoolModel(pool, _pools.Count, requirements, types, LimitsRemaining(pool, nodes, claims)));
        }
    }

    private PoolType? BuildPoolType(NodePool pool, RequirementSet requirements, InstanceType type, int order, List<Pod> daemons)
    {
        if (!OfferingFilter.AllowsType(requirements, type))
        {
            return null;
        }

        var offerings = OfferingFilter.Offerings(requirements, type).Where(o => _zones.Contains(o.Zone)).ToArray();
        if (offerings.Length == 0)
        {
            return null;
        }

        var room = _axes.Vector(type.Allocatable);
        foreach (var daemon in daemons)
        {
            if (Tolerations.FirstUntolerated(pool.Taints, daemon.Tolerations) is null
                && PodRequirements.Alternatives(daemon).Any(alt => CompatibleWith(requirements.Intersect(alt), requirements, type)))
            {
                ResourceAxes.AddTo(room, _axes.Vector(daemon.Requests), -1);
            }
        }

        return new PoolType(type, order, room, _axes.Vector(type.Capacity ?? type.Allocatable), offerings,
            [.. offerings.Select(o => _zones.IndexOf(o.Zone))]);
    }

    /// <summary>
    /// Can a node of <paramref name="type"/> from a NodePool with <paramref name="poolRequirements"/> carry labels that
    /// satisfy <paramref name="combined"/>? Keys neither the type nor the NodePool defines are absent on the node.
    /// </summary>
    private static bool CompatibleWith(RequirementSet combined, RequirementSet poolRequirements, InstanceType type)
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

    private long[]? LimitsRemaining(NodePool pool, List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        if (pool.Limits is null)
        {
            return null;
        }

        var remaining = _axes.Vector(pool.Limits);
        for (var i = 0; i < remaining.Length; i++)
        {
            if (!pool.Limits.Contains(_axes.Name(i)))
            {
                remaining[i] = long.MaxValue / 4;
            }
        }

        foreach (var node in nodes.Where(n => n.Node.Labels.TryGetValue(WellKnownLabels.NodePool, out var name) && name == pool.Name))
        {
            var type = node.Node.Labels.TryGetValue(WellKnownLabels.InstanceType, out var typeName) ? _input.Catalog.Find(typeName) : null;
            ResourceAxes.AddTo(remaining, _axes.Vector(type?.Capacity ?? node.Node.Allocatable), -1);
        }

        foreach (var claim in claims.Where(c => c.NodePool == pool.Name))
        {
            var type = _input.Catalog.Find(claim.InstanceType);
            ResourceAxes.AddTo(remaining, _axes.Vector(type?.Capacity ?? type?.Allocatable ?? claim.Allocatable), -1);
        }

        return remaining;
    }

    private void ComputeFits(PodGroup group)
    {
        group.Fits = new GroupPoolFit?[_pools.Count];
        var reasons = new List<string>();
        foreach (var pool in _pools)
        {
            if (Tolerations.FirstUntolerated(pool.Pool.Taints, group.Representative.Tolerations) is { } taint)
            {
                reasons.Add($"NodePool {pool.Pool.Name}: the pod does not tolerate taint {taint}");
                continue;
            }

            var combined = group.Alternatives.Select(alt => pool.Requirements.Intersect(alt)).ToList();
            if (combined.All(c => c.FirstUnsatisfiable() is not null))
            {
                reasons.Add($"NodePool {pool.Pool.Name}: requirement {combined[0].FirstUnsatisfiable()} cannot be met");
                continue;
            }

            // Most groups share their node requirements: evaluate each distinct set against the catalog once.
            var key = pool.Index + "|" + string.Join("||", combined);
            if (!_fitCache.TryGetValue(key, out var fit))
            {
                fit = FitTypes(pool, combined);
                _fitCache.Add(key, fit);
            }

            group.Fits[pool.Index] = fit;
            if (group.Fits[pool.Index] is null)
            {
                reasons.Add($"NodePool {pool.Pool.Name}: no instance type matches {string.Join(" or ", combined)}");
            }
        }

        if (group.Fits.All(f => f is null))
        {
            group.Unfit ??= _pools.Count == 0 ? "no NodePool is defined" : string.Join("; ", reasons);
        }
    }

    private readonly Dictionary<string, GroupPoolFit?> _fitCache = new(StringComparer.Ordinal);

    private GroupPoolFit? FitTypes(PoolModel pool, List<RequirementSet> combined)
    {
        var types = new bool[pool.Types.Count];
        var prices = new double[pool.Types.Count];
        int zoneMask = 0, capacityTypeMask = 0;
        var any = false;
        for (var t = 0; t < pool.Types.Count; t++)
        {
            var poolType = pool.Types[t];
            prices[t] = double.MaxValue;
            foreach (var requirements in combined)
            {
                if (!CompatibleWith(requirements, pool.Requirements, poolType.Type))
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

        return any ? new GroupPoolFit(_fitCache.Count, pool, types, prices, zoneMask, capacityTypeMask) : null;
    }

    private static int CapacityTypeBit(string capacityType) => capacityType == CapacityTypes.Spot ? 2 : 1;

    private readonly List<List<PodGroup>> _classes = [];

    private void AssignFitClasses()
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in _groups)
        {
            var key = string.Join(",", group.Fits.Select(f => f?.Id ?? -1));
            if (!classes.TryGetValue(key, out var id))
            {
                id = classes.Count;
                classes.Add(key, id);
            }

            group.FitClass = id;
            if (id == _classes.Count)
            {
                _classes.Add([]);
            }

            _classes[id].Add(group);
        }
    }

    private static bool FixedBinAllows(PodGroup group, Bin bin)
    {
        ref var cached = ref group.FixedBinFit[bin.Index];
        if (cached == 0)
        {
            var ok = Tolerations.FirstUntolerated(bin.Taints, group.Representative.Tolerations) is null
                && group.Alternatives.Any(alt => alt.FirstViolatedBy(bin.Labels) is null);
            cached = ok ? (sbyte)1 : (sbyte)-1;
        }

        return cached > 0;
    }

    private ResourceList Describe(long[] vector) => _axes.ToList(vector);
}
