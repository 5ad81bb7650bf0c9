namespace Extender.Core.Planning;

/// <summary>
/// Opening new nodes. The instance type is the one with the lowest price per share of the remaining demand it can
/// absorb: while much is left that is the best price per unit of the binding resource; for the last pods it is the
/// cheapest type that holds them all.
/// </summary>
internal sealed partial class PlanningRun
{
    /// <summary>How many of the best-scoring types are tried by simulated filling when a node for unconstrained pods opens.</summary>
    private const int TypesSimulated = 12;

    private readonly List<(int Type, double Score, double Price)> _candidates = [];

    /// <summary>Opens a new node for the group (choosing, into <see cref="_chosen"/>, the values of the keys it needs); null when none can take it.</summary>
    private Bin? OpenBin(PodGroup group, bool honorSoft)
    {
        // An empty node satisfies hostname pod affinity only for the first pod of a group that matches its own term.
        foreach (var term in group.Affinity)
        {
            if (term.Hostname && !(_totals[term.Id] == 0 && group.SelectsSelf(term)))
            {
                return null;
            }
        }

        var remaining = RemainingDemand(group);
        foreach (var pool in _pools)
        {
            var fit = group.Fits[pool.Index];
            if (fit is null)
            {
                continue;
            }

            var zones = group.NeedsZone ? AllowedZones(group, fit.ZoneMask, honorSoft) : fit.ZoneMask;
            var best = BestType(group, pool, fit, zones, remaining, honorSoft);
            if (best < 0)
            {
                continue;
            }

            var type = pool.Types[best];
            var bin = new Bin(_bins.Count, BinKind.New, "", type.PodCapacity, _terms.Terms.Count, _terms.Keys.Count)
            {
                Pool = pool,
                TypeIndex = best,
                ZoneMask = type.ZoneMask & zones,
                CapacityTypeMask = fit.CapacityTypeMask,
                Price = fit.MinPrice[best],
            };
            if ((group.NeedsKeys != 0 && !ChooseDomains(group, bin, honorSoft)) || !MeetsMinValues(pool, bin, group, group.NeedsKeys != 0 ? _chosen : null))
            {
                continue;
            }

            pool.Reserve(type.LimitCapacity, 1);
            bin.Ports.AddRange(pool.DaemonPorts);
            _bins.Add(bin);
            return bin;
        }

        return null;
    }

    private int BestType(PodGroup group, PoolModel pool, GroupPoolFit fit, int zones, double[] remaining, bool honorSoft)
    {
        var candidates = _candidates;
        candidates.Clear();

        // Under limits, or when the group's topology rules out values of a key instance types define, a smaller,
        // dominated type may be the only one left, so every type is a candidate.
        var typeKeys = (group.NeedsKeys & _typeKeys) != 0;
        foreach (var t in pool.LimitsRemaining is null && !typeKeys ? fit.Frontier : fit.ByPrice)
        {
            var type = pool.Types[t];
            if ((type.ZoneMask & zones) == 0 || !FitsEmpty(group.Demand, type.PodCapacity) || !pool.WithinLimits(type.LimitCapacity)
                || (typeKeys && !TypeDomainsAllow(group, pool, t, honorSoft)))
            {
                continue;
            }

            var price = fit.MinPrice[t];
            candidates.Add((t, price / Absorbed(type.PodCapacity, remaining), price));
        }

        if (candidates.Count == 0)
        {
            return -1;
        }

        // Pods that must share one node (hostname affinity to their own kind) get the node that holds most of them:
        // no second node may start the group, so Karpenter keeps every type that fits the pods added so far.
        if (group.Affinity.Exists(t => t.Hostname && group.SelectsSelf(t)))
        {
            return candidates.MaxBy(c => (Math.Min(group.Remaining, HowMany(group.Demand, pool.Types[c.Type].PodCapacity)), -c.Score)).Type;
        }

        if (!group.Free || candidates.Count == 1)
        {
            var best = candidates[0];
            foreach (var candidate in candidates)
            {
                best = CandidateOrder(candidate, best) < 0 ? candidate : best;
            }

            return best.Type;
        }

        // Simulated fills are the costly part: while the class has shrunk by less than 3%, the same type wins again.
        var left = 0;
        foreach (var peer in FreePeers(group))
        {
            left += peer.Remaining;
        }

        if (group.PackedChoice is var (kept, pooled, zoneMask, leftThen) && pooled == pool.Index && zoneMask == zones
            && left * 100L >= leftThen * 97L && candidates.Exists(c => c.Type == kept))
        {
            return kept;
        }

        candidates.Sort(CandidateOrder);
        var chosen = BestByPackedValue(group, pool, fit);
        group.PackedChoice = (chosen, pool.Index, zones, left);
        return chosen;
    }

    private static int CandidateOrder((int Type, double Score, double Price) a, (int Type, double Score, double Price) b) =>
        a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Price != b.Price ? a.Price.CompareTo(b.Price) : a.Type.CompareTo(b.Type);

    /// <summary>
    /// Among the best-scoring types, the one whose node, filled as <see cref="Fill"/> would fill it, carries the most
    /// value per dollar: the aggregate ratio alone ignores that pods come in whole units and several shapes.
    /// </summary>
    private int BestByPackedValue(PodGroup group, PoolModel pool, GroupPoolFit fit)
    {
        var best = -1;
        var bestRate = 0.0;
        var count = Math.Min(_candidates.Count, TypesSimulated);
        for (var c = 0; c < count; c++)
        {
            var (t, _, price) = _candidates[c];
            var rate = PackedValue(group, pool, t) / price;
            if (best < 0 || rate > bestRate * (1 + 1e-9))
            {
                best = t;
                bestRate = rate;
            }
        }

        return best;
    }

    private double PackedValue(PodGroup opener, PoolModel pool, int typeIndex)
    {
        var capacity = pool.Types[typeIndex].PodCapacity;
        var used = (long[])opener.Demand.Clone();
        var value = StandaloneValue(opener, pool);
        var peers = FreePeers(opener);
        var active = new (PodGroup Group, int Left)[peers.Count];
        var count = 0;
        foreach (var peer in peers)
        {
            var left = peer.Remaining - (peer == opener ? 1 : 0);
            if (left > 0 && !FitsFixedBin(peer))
            {
                active[count++] = (peer, left);
            }
        }

        while (true)
        {
            var best = -1;
            var bestScore = 0.0;
            for (var k = 0; k < count; k++)
            {
                // Room only shrinks while the node fills: a group that no longer fits never will.
                if (!ResourceAxes.Fits(used, active[k].Group.Demand, capacity))
                {
                    active[k--] = active[--count];
                    continue;
                }

                var score = Alignment(active[k].Group.Demand, used, capacity);
                if (best < 0 || score > bestScore)
                {
                    best = k;
                    bestScore = score;
                }
            }

            if (best < 0)
            {
                return value;
            }

            var chosen = active[best].Group;
            ResourceAxes.AddTo(used, chosen.Demand, 1);
            value += StandaloneValue(chosen, pool);
            if (--active[best].Left == 0)
            {
                active[best] = active[--count];
            }
        }
    }

    /// <summary>
    /// What a pod of the group costs at best on its own: its share of the type that holds its binding resource most
    /// cheaply, the same price a fractional (LP) packing would pay for it.
    /// </summary>
    private static double StandaloneValue(PodGroup group, PoolModel pool)
    {
        group.StandaloneValues ??= new double[pool.Index + 1];
        if (group.StandaloneValues.Length <= pool.Index)
        {
            var values = group.StandaloneValues;
            Array.Resize(ref values, pool.Index + 1);
            group.StandaloneValues = values;
        }

        ref var cached = ref group.StandaloneValues[pool.Index];
        if (cached == 0)
        {
            var fit = group.Fits[pool.Index]!;
            cached = double.MaxValue;
            foreach (var t in fit.Frontier)
            {
                var capacity = pool.Types[t].PodCapacity;
                var share = 0.0;
                for (var i = 0; i < capacity.Length; i++)
                {
                    share = capacity[i] > 0 ? Math.Max(share, (double)group.Demand[i] / capacity[i]) : group.Demand[i] > 0 ? double.MaxValue : share;
                }

                // Whole pods only: a node that fits 3.8 pods by the numbers holds 3.
                var whole = Math.Floor((1 / share) + 1e-9);
                if (whole >= 1)
                {
                    cached = Math.Min(cached, fit.MinPrice[t] / whole);
                }
            }
        }

        return cached;
    }

    private static long HowMany(long[] demand, long[] capacity)
    {
        var count = long.MaxValue;
        for (var i = 0; i < demand.Length; i++)
        {
            if (demand[i] > 0)
            {
                count = Math.Min(count, capacity[i] / demand[i]);
            }
        }

        return count;
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
            if ((mask & (1 << z)) != 0 && DomainAllows(group, TermRegistry.ZoneKey, z, honorSoft))
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

    /// <summary>
    /// The first cause, in the order a user fixes them: no NodePool admits the pod (taints, requirements); the pod fits
    /// no type of the NodePools that admit it, while a NodePool it is kept out of has one it would fit (say so, not
    /// "too big"); minValues; limits; topology.
    /// </summary>
    private string Reason(PodGroup group)
    {
        if (group.Fits.All(f => f is null))
        {
            return group.Unfit ?? "no NodePool can launch a node for the pod";
        }

        var fitting = false;
        var withinLimits = false;
        string? minValues = null;
        foreach (var pool in _pools)
        {
            var fit = group.Fits[pool.Index];
            var poolFits = false;
            for (var t = 0; fit is not null && t < pool.Types.Count; t++)
            {
                if (fit.Types[t] && FitsEmpty(group.Demand, pool.Types[t].PodCapacity))
                {
                    poolFits = true;
                    withinLimits |= pool.WithinLimits(pool.Types[t].LimitCapacity);
                }
            }

            if (poolFits && pool.HasMinValues && MinValuesGap(pool, fit!, group.Demand, fit!.ZoneMask, fit.CapacityTypeMask, _ => true) is { } gap)
            {
                minValues ??= gap;
                continue;
            }

            fitting |= poolFits;
        }

        var demand = Describe(group.Demand);
        if (!fitting)
        {
            if (minValues is not null)
            {
                return minValues;
            }

            var excluded = _pools.Where(p => group.Fits[p.Index] is null && group.PoolReasons[p.Index] is not null
                && p.Types.Exists(t => FitsEmpty(group.Demand, t.PodCapacity))).Select(p => group.PoolReasons[p.Index]).ToList();
            return excluded.Count > 0
                ? string.Join("; ", excluded)
                : $"no instance type in any NodePool fits the pod's requests ({demand}) after DaemonSet overhead";
        }

        return withinLimits
            ? "the pod's topology spread or pod (anti-)affinity constraints cannot be met by any node"
            : $"every instance type that fits the pod's requests ({demand}) would exceed its NodePool's limits";
    }
}
