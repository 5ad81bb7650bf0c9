namespace Extender.Core.Planning;

/// <summary>
/// Opening new nodes. The instance type is the one with the lowest price per share of the remaining demand it can
/// absorb: while much is left that is the best price per unit of the binding resource; for the last pods it is the
/// cheapest type that holds them all.
/// </summary>
internal sealed partial class PlanningRun
{
    private Bin? OpenBin(PodGroup group, bool honorSoft, out int zone)
    {
        zone = -1;
        var remaining = RemainingDemand(group);
        foreach (var pool in _pools)
        {
            var fit = group.Fits[pool.Index];
            if (fit is null)
            {
                continue;
            }

            var zones = group.NeedsZone ? AllowedZones(group, fit.ZoneMask, honorSoft) : fit.ZoneMask;
            var best = BestType(group, pool, fit, zones, remaining);
            if (best < 0)
            {
                continue;
            }

            var type = pool.Types[best];
            var bin = new Bin(_bins.Count, BinKind.New, "", type.PodCapacity, _terms.Terms.Count)
            {
                Pool = pool,
                TypeIndex = best,
                ZoneMask = type.ZoneMask & zones,
                CapacityTypeMask = fit.CapacityTypeMask,
                Price = fit.MinPrice[best],
            };
            pool.Reserve(type.LimitCapacity, 1);
            _bins.Add(bin);
            zone = group.NeedsZone ? ChooseZone(group, bin, honorSoft) : -1;
            return bin;
        }

        return null;
    }

    private static int BestType(PodGroup group, PoolModel pool, GroupPoolFit fit, int zones, double[] remaining)
    {
        var best = -1;
        var bestScore = double.MaxValue;
        var bestPrice = double.MaxValue;
        for (var t = 0; t < pool.Types.Count; t++)
        {
            var type = pool.Types[t];
            if (!fit.Types[t] || (type.ZoneMask & zones) == 0 || !FitsEmpty(group.Demand, type.PodCapacity) || !pool.WithinLimits(type.LimitCapacity))
            {
                continue;
            }

            var price = fit.MinPrice[t];
            var score = price / Absorbed(type.PodCapacity, remaining);
            if (score < bestScore || (score == bestScore && price < bestPrice))
            {
                best = t;
                bestScore = score;
                bestPrice = price;
            }
        }

        return best;
    }

    /// <summary>The share (at most 1) of <paramref name="remaining"/> a node with <paramref name="capacity"/> can take.</summary>
    private static double Absorbed(long[] capacity, double[] remaining)
    {
        var share = 1.0;
        for (var i = 0; i < capacity.Length; i++)
        {
            if (remaining[i] > 0)
            {
                share = Math.Min(share, capacity[i] / remaining[i]);
            }
        }

        return Math.Max(share, 1e-9);
    }

    /// <summary>
    /// What is still to be placed of the groups that share this group's fits, counting a group held to a few pods
    /// per node (hostname anti-affinity or spread) only as much as one node can take of it.
    /// </summary>
    private double[] RemainingDemand(PodGroup group)
    {
        var remaining = new double[_axes.Count];
        foreach (var peer in _classes[group.FitClass])
        {
            var count = Math.Min(peer.Remaining, peer.MaxPerNode);
            if (count <= 0)
            {
                continue;
            }

            for (var i = 0; i < remaining.Length; i++)
            {
                remaining[i] += (double)count * peer.Demand[i];
            }
        }

        return remaining;
    }

    private int AllowedZones(PodGroup group, int mask, bool honorSoft)
    {
        var allowed = 0;
        for (var z = 0; z < _zones.Count; z++)
        {
            if ((mask & (1 << z)) != 0 && ZoneAllows(group, z, honorSoft))
            {
                allowed |= 1 << z;
            }
        }

        return allowed;
    }

    private static bool FitsEmpty(long[] demand, long[] capacity)
    {
        for (var i = 0; i < demand.Length; i++)
        {
            if (demand[i] > capacity[i])
            {
                return false;
            }
        }

        return true;
    }

    private string Reason(PodGroup group)
    {
        if (group.Fits.All(f => f is null))
        {
            return group.Unfit ?? "no NodePool can launch a node for the pod";
        }

        var fitting = false;
        var withinLimits = false;
        foreach (var pool in _pools)
        {
            var fit = group.Fits[pool.Index];
            for (var t = 0; fit is not null && t < pool.Types.Count; t++)
            {
                if (fit.Types[t] && FitsEmpty(group.Demand, pool.Types[t].PodCapacity))
                {
                    fitting = true;
                    withinLimits |= pool.WithinLimits(pool.Types[t].LimitCapacity);
                }
            }
        }

        var demand = Describe(group.Demand);
        if (!fitting)
        {
            return $"no instance type in any NodePool fits the pod's requests ({demand}) after DaemonSet overhead";
        }

        return withinLimits
            ? "the pod's topology spread or pod (anti-)affinity constraints cannot be met by any node"
            : $"every instance type that fits the pod's requests ({demand}) would exceed its NodePool's limits";
    }
}
