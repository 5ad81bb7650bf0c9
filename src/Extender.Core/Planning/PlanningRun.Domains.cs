using Extender.Core.Catalog;

namespace Extender.Core.Planning;

/// <summary>
/// Topology domains of every key a term names (zone, capacity type, NodePool, keys a NodePool sets such as
/// <c>team</c>), as Karpenter builds them (<c>topology.go</c> buildDomainGroups): the values the NodePools can give a
/// node, and those existing nodes carry. Counts are kept per value; a new node takes one value of each key its pods
/// need and is narrowed to it (its offering for zone and capacity type, its label for a key the NodePool leaves open,
/// its instance types for a key they define, such as the architecture or the instance type itself).
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

    /// <summary>Per key an instance type defines: how many values the NodePools' types give it.</summary>
    private readonly Dictionary<string, int> _instanceTypeKeys = new(StringComparer.Ordinal);

    /// <summary>Keys (bits by index in <see cref="TermRegistry.Keys"/>) whose value a new node takes from its instance type.</summary>
    private int _typeKeys;

    /// <summary>Per key of <see cref="_typeKeys"/>, per NodePool, each type's value index in <see cref="_keyValues"/> (-1: no label); null for other keys.</summary>
    private readonly List<int[][]?> _typeValues = [];

    /// <summary>
    /// Whether the planner can count domains of the key: hostname, zone, capacity type and NodePool, keys that no
    /// instance type defines (a NodePool's label or requirement), and keys instance types define (architecture,
    /// family, the type itself) when the NodePools' types give them at most <see cref="MaxDomains"/> values: a node
    /// of such a key keeps, as its launch options, only types with the value it took.
    /// </summary>
    private bool SupportedKey(string written) => TypeDefinedValues(written) <= MaxDomains;

    /// <summary>How many values the NodePools' instance types give the key; 0 when none defines it.</summary>
    private int TypeDefinedValues(string written)
    {
        var topologyKey = KarpenterLabels.Normalize(written);
        if (topologyKey is WellKnownLabels.Hostname or WellKnownLabels.Zone or WellKnownLabels.CapacityType or WellKnownLabels.NodePool)
        {
            return 0;
        }

        if (!_instanceTypeKeys.TryGetValue(topologyKey, out var count))
        {
            count = _model!.Pools.SelectMany(p => p.Types).Select(t => t.Type.Labels.GetValueOrDefault(topologyKey)).OfType<string>().Distinct(StringComparer.Ordinal).Count();
            _instanceTypeKeys.Add(topologyKey, count);
        }

        return count;
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
                else if (TypeDefinedValues(key) > 0)
                {
                    values.UnionWith(pool.Types.Select(t => t.Type.Labels.GetValueOrDefault(key)).OfType<string>());
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
        _typeValues.Add(null);
        for (var k = 1; k < _terms.Keys.Count; k++)
        {
            var key = _terms.Keys[k];
            var values = _keyValues[k];
            var byType = TypeDefinedValues(key) > 0;
            _typeKeys |= byType ? 1 << k : 0;
            _typeValues.Add(byType ? [.. _pools.Select(pool => pool.Types.Select(t => t.Type.Labels.TryGetValue(key, out var value) ? values.IndexOf(value) : -1).ToArray())] : null);
        }
    }

    /// <summary>The value index of type-defined key <paramref name="k"/> on type <paramref name="t"/> of the NodePool; -1 when the type lacks the label.</summary>
    private int TypeValue(PoolModel pool, int k, int t) => _typeValues[k]![pool.Index][t];

    /// <summary>
    /// Whether type <paramref name="t"/> keeps what the new node's pods were placed by: the value of each key that
    /// instance types define (or its absence), so a launch falling back to it stays in the same domain.
    /// </summary>
    private bool KeepsTypeDomains(Bin bin, int t)
    {
        for (var k = 1; _typeKeys != 0 && k < _keyValues.Count; k++)
        {
            var bit = 1 << k;
            if ((_typeKeys & bit) != 0 && (bin.Domains[k] >= 0 || (bin.TypeKeysAbsent & bit) != 0) && TypeValue(bin.Pool!, k, t) != bin.Domains[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether type <paramref name="t"/> has the value <paramref name="domains"/> is about to give the new node of each key instance types define.</summary>
    private bool KeepsChosenTypeDomains(Bin bin, int[]? domains, int t)
    {
        for (var k = 1; domains is not null && _typeKeys != 0 && k < domains.Length; k++)
        {
            if ((_typeKeys & (1 << k)) != 0 && bin.Domains[k] < 0 && domains[k] >= 0 && TypeValue(bin.Pool!, k, t) != domains[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a pod of the group may open a node of type <paramref name="t"/>: for each key instance types define
    /// that the group needs, the type's value is one it may take now, or the type lacks the label and the group's own
    /// terms do not need it.
    /// </summary>
    private bool TypeDomainsAllow(PodGroup group, PoolModel pool, int t, bool honorSoft)
    {
        var keys = group.NeedsKeys & _typeKeys;
        for (var k = 1; keys != 0 && k < _keyValues.Count; k++)
        {
            if ((keys & (1 << k)) == 0)
            {
                continue;
            }

            var v = TypeValue(pool, k, t);
            if (v < 0 ? (group.RequiredKeys & (1 << k)) != 0 : !DomainAllows(group, k, v, honorSoft))
            {
                return false;
            }
        }

        return true;
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

        if ((_typeKeys & (1 << k)) != 0)
        {
            // A new node's value is its type's; without a node, any value of a type the pods may use.
            if (bin is not null)
            {
                return TypeValue(pool, k, bin.TypeIndex) is var own and >= 0 ? 1 << own : 0;
            }

            for (var t = 0; t < pool.Types.Count; t++)
            {
                mask |= fit.Types[t] && TypeValue(pool, k, t) is var v and >= 0 ? 1 << v : 0;
            }

            return mask;
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
            if (bin.Domains[k] < 0 && (fit is null || !Defines(bin, k)))
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

    /// <summary>Whether the new node carries key <paramref name="k"/>: zone, capacity type, NodePool, a key its NodePool sets, or one its type has.</summary>
    private bool Defines(Bin bin, int k) =>
        k == TermRegistry.ZoneKey || _terms.Keys[k] is WellKnownLabels.CapacityType or WellKnownLabels.NodePool || Array.IndexOf(bin.Pool!.Catalog.OpenKeys, _terms.Keys[k]) >= 0
        || ((_typeKeys & (1 << k)) != 0 && TypeValue(bin.Pool!, k, bin.TypeIndex) >= 0);

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
    /// capacity type), it carries it (a key its NodePool leaves open), or its types keep it (a key they define:
    /// <see cref="KeepsTypeDomains"/>); what it holds now counts there.
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
