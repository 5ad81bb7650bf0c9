namespace Extender.Core.Planning;

/// <summary>
/// Branch and bound for the most valuable content of one node: how many pods of each group, within the node's room
/// on every resource. Groups are tried densest first, larger counts first; a branch is cut when even a fractional
/// fill of its room could not beat the best content so far. A step budget bounds the work on big nodes, where the
/// greedy content it starts from is already good.
/// </summary>
internal sealed class ContentSearch
{
    private readonly long[] _capacity;
    private readonly long[][] _demands;
    private readonly double[] _values;
    private readonly int[] _available;
    private readonly int[] _order;
    private readonly int[] _content;
    private readonly long[] _used;
    private int _budget;
    private double _cut;

    public ContentSearch(long[] capacity, long[][] demands, double[] values, int[] available, int budget)
    {
        _capacity = capacity;
        _demands = demands;
        _values = values;
        _available = available;
        _budget = budget;
        _content = new int[demands.Length];
        _used = new long[capacity.Length];
        var density = demands.Select((d, g) => values[g] / Share(d, capacity)).ToArray();
        _order = [.. Enumerable.Range(0, demands.Length).Where(g => available[g] > 0).OrderByDescending(g => density[g]).ThenBy(g => g)];
        Best = new int[demands.Length];
    }

    public int[] Best { get; private set; }

    public double BestValue { get; private set; }

    /// <summary>The steps of the budget left unused.</summary>
    public int Unused => Math.Max(0, _budget);

    /// <summary>
    /// Improves on <paramref name="start"/> (a feasible content worth <paramref name="value"/>) where it can; branches
    /// that cannot beat <paramref name="toBeat"/> (another node's worth) are not explored either.
    /// </summary>
    public void Run(int[] start, double value, double toBeat)
    {
        Best = (int[])start.Clone();
        BestValue = value;
        _cut = Math.Max(value, toBeat);
        Branch(0, 0);
    }

    private void Branch(int depth, double value)
    {
        if (value > _cut * (1 + 1e-12))
        {
            Best = (int[])_content.Clone();
            BestValue = _cut = value;
        }

        if (depth == _order.Length || --_budget < 0 || value + Bound(depth) <= _cut * (1 + 1e-12))
        {
            return;
        }

        var g = _order[depth];
        var demand = _demands[g];
        var most = _available[g];
        for (var r = 0; r < demand.Length; r++)
        {
            if (demand[r] > 0)
            {
                most = (int)Math.Min(most, (_capacity[r] - _used[r]) / demand[r]);
            }
        }

        for (var n = most; n >= 0 && _budget >= 0; n--)
        {
            _content[g] = n;
            ResourceAxes.AddTo(_used, demand, n);
            Branch(depth + 1, value + (n * _values[g]));
            ResourceAxes.AddTo(_used, demand, -n);
        }

        _content[g] = 0;
    }

    /// <summary>What the groups from <paramref name="depth"/> on could add at most: all of them, or any one resource's room filled at the best density.</summary>
    private double Bound(int depth)
    {
        var bound = 0.0;
        for (var k = depth; k < _order.Length; k++)
        {
            bound += _available[_order[k]] * _values[_order[k]];
        }

        for (var r = 0; r < _capacity.Length; r++)
        {
            var densest = 0.0;
            var binding = true;
            for (var k = depth; k < _order.Length && binding; k++)
            {
                var demand = _demands[_order[k]][r];
                binding = demand > 0;
                densest = binding ? Math.Max(densest, _values[_order[k]] / demand) : densest;
            }

            if (binding)
            {
                bound = Math.Min(bound, densest * (_capacity[r] - _used[r]));
            }
        }

        return bound;
    }

    private static double Share(long[] demand, long[] capacity)
    {
        var share = 0.0;
        for (var r = 0; r < demand.Length; r++)
        {
            if (capacity[r] > 0)
            {
                share += (double)demand[r] / capacity[r];
            }
        }

        return Math.Max(share, 1e-12);
    }
}
