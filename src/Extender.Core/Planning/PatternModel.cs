namespace Extender.Core.Planning;

/// <summary>
/// The packing model of one set of free groups on one NodePool for <see cref="PlanningRun"/>'s pattern repack: which
/// types may hold them, how many of each group one empty node of each type takes, the best node content for given
/// pod prices, and turning the LP's answer into whole nodes.
/// </summary>
internal sealed class PatternModel
{
    /// <summary>A big node takes a group's pods in steps of this fraction of what it holds of them alone; a small one, one by one.</summary>
    private const int FillSteps = 16;

    /// <summary>Branch-and-bound steps per node content searched.</summary>
    private const int SearchSteps = 2000;

    /// <summary>How many partly bought columns a rounding step compares by diving on from each.</summary>
    private const int LookAheadWidth = 3;

    private readonly PoolModel _pool;
    private readonly List<PodGroup> _groups;
    private readonly long[]? _limits;
    private readonly int[] _candidates;
    private readonly int[][] _alone;
    private readonly double[] _bounds;
    private readonly int[] _order;
    private readonly long[][] _demands;
    private long _steps;

    public PatternModel(PoolModel pool, GroupPoolFit fit, List<PodGroup> groups, long[]? limits, long steps)
    {
        _steps = steps;
        _pool = pool;
        Fit = fit;
        _groups = groups;
        _limits = limits;
        _candidates = [.. (limits is null ? fit.Frontier : fit.ByPrice).Where(t => (pool.Types[t].ZoneMask & fit.ZoneMask) != 0)];
        _alone = [.. _candidates.Select(t => groups.Select(g => HowMany(new long[g.Demand.Length], g.Demand, pool.Types[t].PodCapacity)).ToArray())];
        _bounds = new double[_candidates.Length];
        _order = new int[_candidates.Length];
        _demands = [.. groups.Select(g => g.Demand)];
    }

    public GroupPoolFit Fit { get; }

    /// <summary>Whether the step budget is spent: from then on node contents come from the greedy fill alone.</summary>
    public bool Exhausted => _steps <= 0;

    public double Price(int type) => Fit.MinPrice[type];

    /// <summary>For group <paramref name="g"/> alone: how many of its pods one node takes on the type cheapest per pod, and that node's price.</summary>
    public (int Count, double Price) Single(int g, int count)
    {
        var best = (Count: 0, Price: 0.0);
        for (var c = 0; c < _candidates.Length; c++)
        {
            var n = Math.Min(count, _alone[c][g]);
            var price = Price(_candidates[c]);
            if (n > 0 && (best.Count == 0 || price / n < best.Price / best.Count))
            {
                best = (n, price);
            }
        }

        return best;
    }

    /// <summary>The price of the cheapest allowed type that holds <paramref name="content"/>.</summary>
    public double ColumnPrice(int[] content) => Price(Cheapest(Used(content), null));

    /// <summary>
    /// A whole packing by diving: solve the covering LP for the pods still to place (<paramref name="relax"/>), take
    /// the whole copies it buys of each column, and when it buys no column whole, one copy of a column it buys part of
    /// (cut down to the pods left); then solve again for the rest. Rounding once and filling the leftovers greedily
    /// loses most on small sets, where every node is a whole unit of a few. Which partly bought column to round up
    /// is decided by a look-ahead: each of the few bought most is followed by a plain dive over the columns known so
    /// far (no new ones), and the cheapest finish wins; a plain dive from the start is kept if it is cheaper still.
    /// Null when the NodePool's limits run out.
    /// </summary>
    public List<NodePattern>? Pack(int[] counts, Func<int[], bool, CoverLp> relax, double[] floors)
    {
        // The plain dive comes first and generates columns as it goes; the look-ahead then starts from all of them.
        var plain = Dive(counts, (long[]?)_limits?.Clone(), relax, floors, lookAhead: false, generate: true);
        var ahead = Dive(counts, (long[]?)_limits?.Clone(), relax, floors, lookAhead: true, generate: true);
        return ahead is null || (plain is not null && Cost(plain) <= Cost(ahead) + 1e-9) ? plain : ahead;
    }

    private double Cost(List<NodePattern> patterns) => patterns.Sum(p => p.Copies * Price(p.Type));

    /// <summary>
    /// The cheapest packing of a small set, exactly: over every vector of pods still to place (mixed radix, each
    /// count from 0 to the group's), the least cost is that of some node content within it, at the cheapest type
    /// holding the content, plus the least cost of the rest. On small sets each node is a large share of the cost and
    /// the LP's dives can miss the best combination by a node; the work is the number of (vector, content) pairs,
    /// so only sets with at most <paramref name="maxPairs"/> of them and no NodePool limits are solved so. Null otherwise.
    /// </summary>
    public List<NodePattern>? Exact(int[] counts, long maxPairs)
    {
        var pairs = 1L;
        var states = 1;
        foreach (var count in counts)
        {
            pairs *= (long)(count + 1) * (count + 2) / 2;
            states *= count + 1;
            if (pairs > maxPairs || _limits is not null)
            {
                return null;
            }
        }

        var strides = new int[counts.Length];
        for (int g = 0, stride = 1; g < counts.Length; stride *= counts[g] + 1, g++)
        {
            strides[g] = stride;
        }

        // Every content is a vector too: the index of (vector - content) is the vector's index less the content's.
        var types = new int[states];
        var prices = new double[states];
        var content = new int[counts.Length];
        for (var i = Next(content, counts, strides, 0); i > 0; i = Next(content, counts, strides, i))
        {
            types[i] = Cheapest(Used(content), null);
            prices[i] = types[i] < 0 ? double.PositiveInfinity : Price(types[i]);
        }

        var cost = new double[states];
        var choice = new int[states];
        var vector = new int[counts.Length];
        for (var i = Next(vector, counts, strides, 0); i > 0; i = Next(vector, counts, strides, i))
        {
            cost[i] = double.PositiveInfinity;

            // The contents within the vector, in mixed radix, their index kept as the digits change.
            for (var index = Next(content, vector, strides, 0); index > 0; index = Next(content, vector, strides, index))
            {
                var total = prices[index] + cost[i - index];
                if (total < cost[i] - 1e-12)
                {
                    (cost[i], choice[i]) = (total, index);
                }
            }
        }

        if (double.IsPositiveInfinity(cost[states - 1]))
        {
            return null;
        }

        var patterns = new List<NodePattern>();
        for (var i = states - 1; i > 0; i -= choice[i])
        {
            var taken = Vector(choice[i], counts);
            if (patterns.FindIndex(p => p.Type == types[choice[i]] && p.Content.AsSpan().SequenceEqual(taken)) is var same and >= 0)
            {
                patterns[same] = patterns[same] with { Copies = patterns[same].Copies + 1 };
            }
            else
            {
                patterns.Add(new NodePattern(types[choice[i]], taken, 1));
            }
        }

        return patterns;
    }

    /// <summary>Advances <paramref name="content"/> within <paramref name="limit"/> and returns its index (0 after the last, back at zero).</summary>
    private static int Next(int[] content, int[] limit, int[] strides, int index)
    {
        for (var g = 0; g < content.Length; g++)
        {
            if (content[g] < limit[g])
            {
                content[g]++;
                return index + strides[g];
            }

            index -= content[g] * strides[g];
            content[g] = 0;
        }

        return 0;
    }

    private static int[] Vector(int index, int[] counts)
    {
        var vector = new int[counts.Length];
        for (var g = 0; g < counts.Length; g++)
        {
            vector[g] = index % (counts[g] + 1);
            index /= counts[g] + 1;
        }

        return vector;
    }

    private List<NodePattern>? Dive(int[] counts, long[]? left, Func<int[], bool, CoverLp> relax, double[] floors, bool lookAhead, bool generate)
    {
        var remaining = (int[])counts.Clone();
        var patterns = new List<NodePattern>();
        while (Array.Exists(remaining, r => r > 0))
        {
            var taken = patterns.Count;
            var lp = relax(remaining, generate);
            var amounts = lp.Amounts();
            for (var j = 0; j < lp.Columns.Count; j++)
            {
                if (!Take(lp.Columns[j].Content, (int)Math.Floor(amounts[j] + 1e-9), remaining, left, patterns))
                {
                    return null;
                }
            }

            if (patterns.Count > taken)
            {
                continue;
            }

            var partial = Enumerable.Range(0, lp.Columns.Count)
                .Where(j => amounts[j] > 1e-9 && Covers(lp.Columns[j].Content, remaining))
                .OrderByDescending(j => amounts[j]).ThenBy(j => j)
                .Take(lookAhead ? LookAheadWidth : 1)
                .Select(j => Capped(lp.Columns[j].Content, remaining))
                .ToList();
            var content = partial.Count switch
            {
                0 => BestContent(remaining, floors, out _),
                1 => partial[0],
                _ => Cheapest(partial, remaining, left, relax, floors),
            };
            if (content is null || !Take(content, 1, remaining, left, patterns) || patterns.Count == taken)
            {
                return null;
            }
        }

        return patterns;
    }

    /// <summary>The content whose node, followed by a plain dive for the rest, costs least in all.</summary>
    private int[]? Cheapest(List<int[]> contents, int[] remaining, long[]? left, Func<int[], bool, CoverLp> relax, double[] floors)
    {
        int[]? best = null;
        var bestCost = double.MaxValue;
        foreach (var content in contents)
        {
            var rest = (int[])remaining.Clone();
            var room = (long[]?)left?.Clone();
            var first = new List<NodePattern>();
            if (!Take(content, 1, rest, room, first) || first.Count == 0 || Dive(rest, room, relax, floors, lookAhead: false, generate: false) is not { } finish)
            {
                continue;
            }

            var cost = Cost(first) + Cost(finish);
            if (cost < bestCost - 1e-9)
            {
                (best, bestCost) = (content, cost);
            }
        }

        return best;
    }

    /// <summary><paramref name="content"/> with no more of each group than <paramref name="remaining"/>.</summary>
    public static int[] Capped(int[] content, int[] remaining)
    {
        var capped = new int[content.Length];
        for (var g = 0; g < content.Length; g++)
        {
            capped[g] = Math.Min(content[g], remaining[g]);
        }

        return capped;
    }

    private static bool Covers(int[] content, int[] remaining)
    {
        for (var g = 0; g < content.Length; g++)
        {
            if (content[g] > 0 && remaining[g] > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fill with the most value per dollar over the candidate types, best bounds first; null if nothing fits.</summary>
    public int[]? BestContent(int[] remaining, double[] values, out double rate)
    {
        for (var c = 0; c < _candidates.Length; c++)
        {
            _bounds[c] = UpperBound(c, remaining, values) / Price(_candidates[c]);
            _order[c] = c;
        }

        Array.Sort(_order, (a, b) => _bounds[a] != _bounds[b] ? _bounds[b].CompareTo(_bounds[a]) : a.CompareTo(b));
        int[]? best = null;
        rate = 0.0;
        foreach (var c in _order)
        {
            if (_bounds[c] <= rate)
            {
                break;
            }

            var (content, value) = Search(c, remaining, values, rate * Price(_candidates[c]));
            if (value / Price(_candidates[c]) > rate)
            {
                (best, rate) = (content, value / Price(_candidates[c]));
            }
        }

        return best;
    }

    /// <summary>Up to <paramref name="wanted"/> copies of a node with <paramref name="content"/>, as many as the pods left and the limits allow, on the cheapest type that holds it.</summary>
    private bool Take(int[] content, int wanted, int[] remaining, long[]? left, List<NodePattern> patterns)
    {
        var copies = wanted;
        for (var g = 0; g < content.Length; g++)
        {
            if (content[g] > 0)
            {
                copies = Math.Min(copies, remaining[g] / content[g]);
            }
        }

        if (copies <= 0)
        {
            return true;
        }

        var target = Cheapest(Used(content), left);
        if (target < 0)
        {
            return false;
        }

        if (left is not null)
        {
            var capacity = _pool.Types[target].LimitCapacity;
            copies = Math.Min(copies, HowMany(new long[left.Length], capacity, left));
            ResourceAxes.AddTo(left, Scaled(capacity, copies), -1);
        }

        for (var g = 0; g < content.Length; g++)
        {
            remaining[g] -= copies * content[g];
        }

        patterns.Add(new NodePattern(target, content, copies));
        return true;
    }

    private (int[] Content, double Value) Search(int c, int[] remaining, double[] values, double toBeat)
    {
        var (start, value) = Fill(c, remaining, values);
        if (Exhausted)
        {
            return (start, value);
        }

        var available = remaining.Select((r, g) => Math.Min(r, _alone[c][g])).ToArray();
        var budget = (int)Math.Min(SearchSteps, _steps);
        var search = new ContentSearch(_pool.Types[_candidates[c]].PodCapacity, _demands, values, available, budget);
        search.Run(start, value, toBeat);
        _steps -= budget - search.Unused;
        return (search.Best, search.BestValue);
    }

    /// <summary>
    /// Fills an empty node of candidate <paramref name="c"/> greedily: next comes the group with the most value per
    /// share of the room still left (summed over resources), so a resource running short makes its heavy users dear.
    /// </summary>
    private (int[] Content, double Value) Fill(int c, int[] remaining, double[] values)
    {
        var capacity = _pool.Types[_candidates[c]].PodCapacity;
        var used = new long[capacity.Length];
        var content = new int[remaining.Length];
        var value = 0.0;
        while (true)
        {
            var best = -1;
            var bestScore = 0.0;
            for (var g = 0; g < remaining.Length; g++)
            {
                var demand = _groups[g].Demand;
                if (remaining[g] - content[g] <= 0 || !ResourceAxes.Fits(used, demand, capacity))
                {
                    continue;
                }

                var share = 0.0;
                for (var r = 0; r < demand.Length; r++)
                {
                    if (demand[r] > 0)
                    {
                        share += (double)demand[r] / (capacity[r] - used[r]);
                    }
                }

                var score = values[g] / share;
                if (best < 0 || score > bestScore)
                {
                    (best, bestScore) = (g, score);
                }
            }

            if (best < 0)
            {
                return (content, value);
            }

            _steps--;
            var step = Math.Min(Math.Max(1, _alone[c][best] / FillSteps), remaining[best] - content[best]);
            step = Math.Min(step, HowMany(used, _groups[best].Demand, capacity));
            content[best] += step;
            value += step * values[best];
            ResourceAxes.AddTo(used, Scaled(_groups[best].Demand, step), 1);
        }
    }

    /// <summary>No fill of candidate <paramref name="c"/> is worth more: each resource alone, or every pod that fits.</summary>
    private double UpperBound(int c, int[] remaining, double[] values)
    {
        var capacity = _pool.Types[_candidates[c]].PodCapacity;
        var bound = 0.0;
        for (var g = 0; g < remaining.Length; g++)
        {
            bound += Math.Min(remaining[g], _alone[c][g]) * values[g];
        }

        for (var r = 0; r < capacity.Length; r++)
        {
            var densest = 0.0;
            var binding = true;
            for (var g = 0; g < remaining.Length && binding; g++)
            {
                if (remaining[g] > 0 && _alone[c][g] > 0)
                {
                    var demand = _groups[g].Demand[r];
                    binding = demand > 0;
                    densest = binding ? Math.Max(densest, values[g] / demand) : densest;
                }
            }

            if (binding)
            {
                bound = Math.Min(bound, densest * capacity[r]);
            }
        }

        return bound;
    }

    /// <summary>The cheapest allowed type that holds <paramref name="used"/> and that the limits left still allow; -1 if none.</summary>
    private int Cheapest(long[] used, long[]? left)
    {
        foreach (var t in Fit.ByPrice)
        {
            var type = _pool.Types[t];
            if ((type.ZoneMask & Fit.ZoneMask) != 0 && ResourceAxes.Fits(used, new long[used.Length], type.PodCapacity)
                && (left is null || ResourceAxes.Fits(type.LimitCapacity, new long[used.Length], left)))
            {
                return t;
            }
        }

        return -1;
    }

    private long[] Used(int[] content)
    {
        var used = new long[_groups[0].Demand.Length];
        for (var g = 0; g < content.Length; g++)
        {
            ResourceAxes.AddTo(used, Scaled(_groups[g].Demand, content[g]), 1);
        }

        return used;
    }

    /// <summary>How many more of <paramref name="demand"/> fit into <paramref name="capacity"/> on top of <paramref name="used"/>.</summary>
    private static int HowMany(long[] used, long[] demand, long[] capacity)
    {
        var most = long.MaxValue;
        for (var r = 0; r < demand.Length; r++)
        {
            if (demand[r] > 0)
            {
                most = Math.Min(most, Math.Max(0, capacity[r] - used[r]) / demand[r]);
            }
        }

        return (int)Math.Min(most, int.MaxValue);
    }

    private static long[] Scaled(long[] vector, int factor) => [.. vector.Select(v => v * factor)];
}
