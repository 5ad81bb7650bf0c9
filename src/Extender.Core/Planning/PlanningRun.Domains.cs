using Extender.Core.Catalog;

namespace Extender.Core.Planning;

/// <summary>
/// Topology domains of every key a term names (zone, capacity type, NodePool, keys a NodePool sets such as
/// <c>team</c>), as Karpenter builds them (<c>topology.go</c> buildDomainGroups): the values the NodePools can give a
/// node, and those existing nodes carry. Counts are kept per value; a new node takes one value of each key its pods
/// need and is narrowed to it (its offering for zone and capacity type, its label for a key the NodePool leaves open).
/// </summary>
internal sealed partial class PlanningRun
{
    /// <summary>Values one key may have in a plan: the domain masks are ints.</summary>
    private const int MaxDomains = 30;

    /// <summary>Per key of <see cref="TermRegistry.Keys"/>, its values in ordinal order (the zone's are <see cref="_zones"/>).</summary>
    private readonly List<List<string>> _keyValues = [];

    /// <summary>The value each key took in the last successful <see cref="ChooseDomains"/>.</summary>
    private int[] _chosen = [];

    /// <summary>The index of the capacity type in <see cref="TermRegistry.Keys"/>; -1 when no term names it.</summary>
    private int _capacityTypeKey = -1;

    private readonly Dictionary<string, bool> _instanceTypeKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the planner can count domains of the key: hostname, zone, capacity type and NodePool, and keys that no
    /// instance type defines (a NodePool's label or requirement). A key an instance type defines (architecture,
    /// family) would tie a node's domain to the type it falls back to, which the planner does not model.
    /// </summary>
    private bool SupportedKey(string written)
    {
        var topologyKey = KarpenterLabels.Normalize(written);
        if (topologyKey is WellKnownLabels.Hostname or WellKnownLabels.Zone or WellKnownLabels.CapacityType or WellKnownLabels.NodePool)
        {
            return true;
        }

        if (!_instanceTypeKeys.TryGetValue(topologyKey, out var byType))
        {
            byType = topologyKey == WellKnownLabels.InstanceType || _model!.Pools.Any(p => p.Types.Exists(t => t.Type.Labels.ContainsKey(topologyKey)));
            _instanceTypeKeys.Add(topologyKey, byType);
        }

        return !byType;
    }

    /// <summary>The values of each key besides the zone: what any NodePool allows (In values) and what fixed nodes carry.</summary>
    private void RegisterDomains(List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        _keyValues.Add(_zones);
        for (var k = 1; k < _terms.Keys.Count; k++)
        {
            var key = _terms.Keys[k];
            var values = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var pool in _pools)
            {
                if (key == WellKnownLabels.CapacityType)
                {
                    values.UnionWith(pool.Types.SelectMany(t => t.Offerings).Select(o => o.CapacityType));
                }
                else if (key == WellKnownLabels.NodePool)
                {
                    values.Add(pool.Pool.Name);
                }
                else if (pool.Requirements.Get(key) is { Complement: false } requirement)
                {
                    values.UnionWith(requirement.Values);
                }
            }

            foreach (var labels in nodes.Select(n => n.Node.Labels).Concat(claims.Select(c => c.Labels)))
            {
                if (labels.TryGetValue(key, out var value))
                {
                    values.Add(value);
                }
            }

            foreach (var claim in claims)
            {
                values.Add(key == WellKnownLabels.CapacityType ? claim.CapacityType : key == WellKnownLabels.NodePool ? claim.NodePool : "");
            }

            values.Remove("");
            _keyValues.Add([.. values.Take(MaxDomains)]);
        }

        _chosen = new int[_terms.Keys.Count];
        _capacityTypeKey = _terms.Keys.IndexOf(WellKnownLabels.CapacityType);
    }

    /// <summary>The fixed node's value of each key (from its labels), -1 where it has none.</summary>
    private void SetFixedDomains(Bin bin)
    {
        for (var k = 0; k < _keyValues.Count; k++)
        {
            bin.Domains[k] = bin.Labels.TryGetValue(_terms.Keys[k], out var value) ? _keyValues[k].IndexOf(value) : -1;
        }
    }

    /// <summary>
    /// The values of key <paramref name="k"/> (not the zone) a node of the NodePool can take for pods of
    /// <paramref name="fit"/>: on <paramref name="bin"/> (a new node) those its pods so far and its offerings in
    /// <paramref name="zones"/> leave; without a bin, every value the NodePool could give them.
    /// </summary>
    private int PoolDomains(PoolModel pool, GroupPoolFit fit, Bin? bin, int k, int zones)
    {
        var key = _terms.Keys[k];
        var values = _keyValues[k];
        var mask = 0;
        if (key == WellKnownLabels.CapacityType)
        {
            var capacityTypes = fit.CapacityTypeMask & (bin?.CapacityTypeMask ?? -1);
            if (bin is not null)
            {
                var type = pool.Types[bin.TypeIndex];
                capacityTypes &= OfferedCapacityTypes(type, zones & bin.ZoneMask & fit.ZoneMask);
            }

            for (var v = 0; v < values.Count; v++)
            {
                mask |= (capacityTypes & PoolCatalog.CapacityTypeBit(values[v])) != 0 ? 1 << v : 0;
            }

            return mask;
        }

        if (key == WellKnownLabels.NodePool)
        {
            var index = values.IndexOf(pool.Pool.Name);
            return index < 0 ? 0 : 1 << index;
        }

        var open = Array.IndexOf(pool.Catalog.OpenKeys, key);
        if (open < 0)
        {
            return 0;
        }

        var allowed = pool.Requirements.Get(key);
        var wanted = fit.OpenValues.Length > open ? fit.OpenValues[open] : null;
        var held = bin is not null && bin.OpenValues.Length > open ? bin.OpenValues[open] : null;
        for (var v = 0; v < values.Count; v++)
        {
            if (allowed?.Matches(values[v]) != false && (wanted is null || Array.IndexOf(wanted, values[v]) >= 0) && (held is null || Array.IndexOf(held, values[v]) >= 0))
            {
                mask |= 1 << v;
            }
        }

        return mask;
    }

    private static int OfferedCapacityTypes(PoolType type, int zones)
    {
        var offered = 0;
        for (var o = 0; o < type.Offerings.Length; o++)
        {
            if ((zones & (1 << type.OfferingZones[o])) != 0)
            {
                offered |= PoolCatalog.CapacityTypeBit(type.Offerings[o].CapacityType);
            }
        }

        return offered;
    }

    /// <summary>Adds, per key, the domains the NodePool could give the group to its spread domains.</summary>
    private void AddPoolDomains(PodGroup group, PoolModel pool, GroupPoolFit fit)
    {
        group.DomainMasks[TermRegistry.ZoneKey] |= fit.ZoneMask;
        for (var k = 1; k < _keyValues.Count; k++)
        {
            group.DomainMasks[k] |= PoolDomains(pool, fit, null, k, -1);
        }
    }

    /// <summary>
    /// Chooses a value of every key the group needs on the bin (into <see cref="_chosen"/>): the zone first, then the
    /// others among what the bin's offerings in that zone allow; false when some key has no value the group may take.
    /// </summary>
    private bool ChooseDomains(PodGroup group, Bin bin, bool honorSoft)
    {
        var fit = bin.Kind == BinKind.New ? group.Fits[bin.Pool!.Index]! : null;
        var zones = -1;
        for (var k = 0; k < _keyValues.Count; k++)
        {
            if ((group.NeedsKeys & (1 << k)) == 0)
            {
                _chosen[k] = -1;
                continue;
            }

            // A node without the label is no domain: the group's own spread and affinity cannot use it, while a pod
            // that terms only count or repel goes there uncounted.
            if (bin.Domains[k] < 0 && (fit is null || !Defines(bin.Pool!, k)))
            {
                if ((group.RequiredKeys & (1 << k)) != 0)
                {
                    return false;
                }

                _chosen[k] = -1;
                continue;
            }

            var candidates = bin.Domains[k] >= 0 ? 1 << bin.Domains[k]
                : k == TermRegistry.ZoneKey ? OfferedZones(bin, fit!)
                : PoolDomains(bin.Pool!, fit!, bin, k, zones);
            var chosen = ChooseDomain(group, k, candidates, honorSoft);
            if (chosen < 0)
            {
                return false;
            }

            _chosen[k] = chosen;
            zones = k == TermRegistry.ZoneKey ? 1 << chosen : zones;
        }

        return true;
    }

    /// <summary>Whether the NodePool's nodes carry key <paramref name="k"/>: zone, capacity type, NodePool, or a key it sets.</summary>
    private bool Defines(PoolModel pool, int k) =>
        k == TermRegistry.ZoneKey || _terms.Keys[k] is WellKnownLabels.CapacityType or WellKnownLabels.NodePool || Array.IndexOf(pool.Catalog.OpenKeys, _terms.Keys[k]) >= 0;

    /// <summary>Among <paramref name="candidates"/>, the value of key <paramref name="k"/> the group may take with the fewest pods its spread counts.</summary>
    private int ChooseDomain(PodGroup group, int k, int candidates, bool honorSoft)
    {
        var best = -1;
        var bestScore = long.MaxValue;
        for (var v = 0; v < _keyValues[k].Count; v++)
        {
            if ((candidates & (1 << v)) == 0 || !DomainAllows(group, k, v, honorSoft))
            {
                continue;
            }

            long score = 0;
            foreach (var rule in group.Spread)
            {
                if (rule.Term.Key == k)
                {
                    score += _domainCounts[rule.Term.Id][v];
                }
            }

            if (score < bestScore)
            {
                best = v;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Whether a pod of the group may go to value <paramref name="v"/> of key <paramref name="k"/>: anti-affinity both ways, affinity, spread.</summary>
    private bool DomainAllows(PodGroup group, int k, int v, bool honorSoft)
    {
        foreach (var term in group.AntiAffinity)
        {
            if (term.Key == k && _domainCounts[term.Id][v] > 0)
            {
                return false;
            }
        }

        foreach (var term in group.RepelledBy)
        {
            if (term.Key == k && _holderDomainCounts[term.Id][v] > 0)
            {
                return false;
            }
        }

        foreach (var term in group.Affinity)
        {
            if (term.Key == k && _domainCounts[term.Id][v] == 0 && !(_totals[term.Id] == 0 && group.SelectsSelf(term)))
            {
                return false;
            }
        }

        foreach (var rule in group.Spread)
        {
            if (rule.Term.Key == k && (rule.Hard || honorSoft)
                && _domainCounts[rule.Term.Id][v] + (rule.SelectsSelf ? 1 : 0) - MinDomainCount(rule, group.DomainMasks[k]) > rule.MaxSkew)
            {
                return false;
            }
        }

        return true;
    }

    private int MinDomainCount(SpreadRule rule, int domainMask)
    {
        if (System.Numerics.BitOperations.PopCount((uint)domainMask) < rule.MinDomains)
        {
            return 0;
        }

        var min = int.MaxValue;
        var counts = _domainCounts[rule.Term.Id];
        for (var v = 0; v < counts.Length; v++)
        {
            if ((domainMask & (1 << v)) != 0)
            {
                min = Math.Min(min, counts[v]);
            }
        }

        return min == int.MaxValue ? 0 : min;
    }

    /// <summary>
    /// Gives a new node value <paramref name="v"/> of key <paramref name="k"/>: its offerings narrow to it (zone,
    /// capacity type) or it carries it (a key its NodePool leaves open); what it holds now counts there.
    /// </summary>
    private void FixDomain(Bin bin, int k, int v)
    {
        bin.Domains[k] = v;
        var key = _terms.Keys[k];
        if (k == TermRegistry.ZoneKey)
        {
            bin.ZoneMask = 1 << v;
        }
        else if (key == WellKnownLabels.CapacityType)
        {
            bin.CapacityTypeMask &= PoolCatalog.CapacityTypeBit(_keyValues[k][v]);
        }
        else if (bin.Pool is { } pool && Array.IndexOf(pool.Catalog.OpenKeys, key) is var open and >= 0)
        {
            if (bin.OpenValues.Length == 0)
            {
                bin.OpenValues = new string[]?[pool.Catalog.OpenKeys.Length];
            }

            bin.OpenValues[open] = [_keyValues[k][v]];
        }

        foreach (var term in _terms.Terms)
        {
            if (term.Key == k)
            {
                _domainCounts[term.Id][v] += bin.TermCounts[term.Id];
                _holderDomainCounts[term.Id][v] += bin.HolderCounts[term.Id];
            }
        }
    }
}
