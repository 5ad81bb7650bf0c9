using Extender.Core.Catalog;
using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>Improvement (each new node down to its cheapest fitting type) and the plan's final shape.</summary>
internal sealed partial class PlanningRun
{
    private static readonly Comparison<Pod> ByKey = static (a, b) => string.CompareOrdinal(a.Key, b.Key);

    private readonly Dictionary<Bin, List<int>> _options = [];

    private void Improve()
    {
        RepackFreeNodes();
        EmptyUnderusedNodes();
        foreach (var bin in _bins)
        {
            if (bin.Kind != BinKind.New || bin.Placed.Count == 0)
            {
                continue;
            }

            var options = FittingTypes(bin);
            var pool = bin.Pool!;
            var current = pool.Types[bin.TypeIndex].LimitCapacity;
            var chosen = options.FirstOrDefault(t => pool.WithinLimits(pool.Types[t].LimitCapacity, released: current), bin.TypeIndex);
            pool.Reserve(current, -1);
            pool.Reserve(pool.Types[chosen].LimitCapacity, 1);
            bin.TypeIndex = chosen;
            bin.Capacity = pool.Types[chosen].PodCapacity;
            // Usually the cheapest is chosen and already first; moving it costs two shifts of the list.
            if (options.Count == 0 || options[0] != chosen)
            {
                options.Remove(chosen);
                options.Insert(0, chosen);
            }
            _options[bin] = options;
        }
    }

    /// <summary>
    /// Types every group on the bin may use that hold what it carries, cheapest first: enough for the launch options
    /// (all of them when a NodePool asks for minValues).
    /// </summary>
    private List<int> FittingTypes(Bin bin)
    {
        var pool = bin.Pool!;
        var fits = bin.Groups.Keys.Select(g => _groups[g].Fits[pool.Index]!).Distinct().ToList();
        var enough = pool.HasMinValues || pool.LimitsRemaining is not null
            ? int.MaxValue
            : _input.Options.MaxInstanceTypeOptions;
        var result = new List<(int Type, double Price)>();
        foreach (var t in fits[0].ByPrice)
        {
            var type = pool.Types[t];
            if ((type.ZoneMask & bin.ZoneMask) == 0 || !FitsEmpty(bin.Used, type.PodCapacity) || !AllAllow(fits, t) || !KeepsTypeDomains(bin, t))
            {
                continue;
            }

            var price = Cheapest(type, bin)?.Offering.PricePerHour;
            if (price is not null)
            {
                result.Add((t, (double)price.Value));
                if (result.Count >= enough)
                {
                    break;
                }
            }
        }

        result.Sort((a, b) => a.Price != b.Price ? a.Price.CompareTo(b.Price) : a.Type.CompareTo(b.Type));
        return [.. result.Select(r => r.Type)];
    }

    private static bool AllAllow(List<GroupPoolFit> fits, int type)
    {
        foreach (var fit in fits)
        {
            if (!fit.Types[type])
            {
                return false;
            }
        }

        return true;
    }

    private static (Offering Offering, int Zone)? Cheapest(PoolType type, Bin bin, int[]? zoneLoad = null)
    {
        (Offering Offering, int Zone)? best = null;
        for (var o = 0; o < type.Offerings.Length; o++)
        {
            var offering = type.Offerings[o];
            var zone = type.OfferingZones[o];
            if ((bin.ZoneMask & (1 << zone)) == 0 || (bin.CapacityTypeMask & PoolCatalog.CapacityTypeBit(offering.CapacityType)) == 0)
            {
                continue;
            }

            // Equal prices go to the zone with the fewest planned nodes, so flexible nodes spread out.
            if (best is null || offering.PricePerHour < best.Value.Offering.PricePerHour
                || (offering.PricePerHour == best.Value.Offering.PricePerHour && zoneLoad is not null && zoneLoad[zone] < zoneLoad[best.Value.Zone]))
            {
                best = (offering, zone);
            }
        }

        return best;
    }

    private Plan Output()
    {
        var nodes = new List<PlannedNode>();
        var zoneLoad = new int[Math.Max(1, _zones.Count)];
        foreach (var bin in _bins)
        {
            if (bin.Kind != BinKind.New || bin.Placed.Count == 0)
            {
                continue;
            }

            var pool = bin.Pool!;
            var options = _options[bin];
            var chosen = options.Take(_input.Options.MaxInstanceTypeOptions).ToList();
            if (MinValuesShortfall(pool, options, ref chosen) is { } shortfall)
            {
                _unschedulable.AddRange(bin.Placed.Select(p => new UnschedulablePod(p, shortfall)));
                continue;
            }

            var type = pool.Types[bin.TypeIndex];
            var (offering, zone) = Cheapest(type, bin, zoneLoad)!.Value;
            zoneLoad[zone]++;
            bin.Placed.Sort(ByKey);
            nodes.Add(new PlannedNode(
                _input.Options.NodeNamePrefix + (nodes.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                pool.Pool.Name,
                type.Type.Name,
                [.. chosen.Select(t => pool.Types[t].Type.Name)],
                offering.Zone,
                offering.CapacityType,
                offering.PricePerHour,
                [.. bin.Placed])
            {
                Labels = OpenLabels(bin),
            });
        }

        _unschedulable.Sort((a, b) => ByKey(a.Pod, b.Pod));
        return new Plan(nodes, FixedPlacements(BinKind.Existing), FixedPlacements(BinKind.InFlight), [.. _unschedulable]);
    }

    /// <summary>
    /// The value the node takes for each open key of its NodePool: the first (in ordinal order) its pods all accept,
    /// else the first the NodePool allows. A key the NodePool only requires to exist gets no value unless a pod names one.
    /// </summary>
    private static Dictionary<string, string> OpenLabels(Bin bin)
    {
        var pool = bin.Pool!.Catalog;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < pool.OpenKeys.Length; k++)
        {
            var values = (bin.OpenValues.Length > k ? bin.OpenValues[k] : null)
                ?? (pool.Requirements.Get(pool.OpenKeys[k]) is { Complement: false } own ? own.Values : null);
            if (values is { Count: > 0 })
            {
                labels[pool.OpenKeys[k]] = values[0];
            }
        }

        return labels;
    }

    private List<Placement> FixedPlacements(BinKind kind)
    {
        var result = new List<Placement>();
        foreach (var bin in _bins.Where(b => b.Kind == kind && b.Placed.Count > 0))
        {
            bin.Placed.Sort(ByKey);
            result.Add(new Placement(bin.Name, [.. bin.Placed]));
        }

        return result;
    }

    /// <summary>
    /// Makes the options cover each NodePool <c>minValues</c> (the cheapest type adding a missing value replaces the
    /// most expensive option); returns a reason when the fitting types cannot.
    /// </summary>
    private string? MinValuesShortfall(PoolModel pool, List<int> all, ref List<int> chosen)
    {
        if (!pool.HasMinValues)
        {
            return null;
        }

        foreach (var requirement in pool.Requirements.All.Where(r => r.MinValues is > 0))
        {
            var key = requirement.Key;
            string? Value(int t) => pool.Types[t].Type.Labels.GetValueOrDefault(key);
            // A type without the label adds no value (Karpenter counts the values the options' requirements carry).
            var seen = new HashSet<string>(chosen.Select(Value).OfType<string>(), StringComparer.Ordinal);
            foreach (var t in all)
            {
                if (seen.Count >= requirement.MinValues)
                {
                    break;
                }

                if (Value(t) is { } value && seen.Add(value))
                {
                    if (chosen.Count >= _input.Options.MaxInstanceTypeOptions)
                    {
                        chosen.RemoveAt(LastReplaceable(chosen, Value));
                    }

                    chosen.Add(t);
                }
            }

            if (seen.Count < requirement.MinValues)
            {
                return $"NodePool {pool.Pool.Name} requires at least {requirement.MinValues} values of {key} among instance type options, but only {seen.Count} fit the pods";
            }
        }

        var order = all.Select((t, i) => (t, i)).ToDictionary(e => e.t, e => e.i);
        chosen.Sort((a, b) => order[a].CompareTo(order[b]));
        return null;
    }

    private static int LastReplaceable(List<int> chosen, Func<int, string?> value)
    {
        var counts = chosen.GroupBy(value).ToDictionary(g => g.Key ?? "", g => g.Count(), StringComparer.Ordinal);
        for (var i = chosen.Count - 1; i > 0; i--)
        {
            if (counts[value(chosen[i]) ?? ""] > 1)
            {
                return i;
            }
        }

        return chosen.Count - 1;
    }
}
