using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Simulation;

/// <summary>
/// A lower bound on what any fleet holding some pods costs per hour: the configuration LP of the planning benchmark
/// (Gilmore–Gomory: a column is one node of a type with a whole number of pods of each size; buy columns
/// fractionally to cover every pod), solved by column generation with its dual turned into a bound at every step
/// (π/θ is dual-feasible, so Σ count·π/θ ≤ the LP optimum ≤ any fleet's cost). The benchmark prices columns with
/// an exact integer knapsack (OR-Tools' SCIP); here the same exact knapsack is a small branch and bound
/// (<see cref="Knapsack"/>), so no native solver ships in the executable. θ only has to be an upper bound for the
/// result to stay a bound: where the search is cut short, the knapsack's LP relaxation (<see cref="Simplex"/>) stands
/// in, weaker but valid. With the LP relaxation alone the bound was 15–20% under the configuration LP on the diurnal
/// day (a node "held" 0.96 of a pod), more than any fleet's distance to it. A pod is never split across nodes of different types (the cheapest-aggregate-
/// capacity bound does that: CPU from the cheapest burstable type, memory from a memory-optimised one, which put
/// that bound at half of what any real fleet can cost).
/// Every type some NodePool may launch counts, at its cheapest allowed offering; pods' own constraints are ignored,
/// which only lowers it.
/// </summary>
public sealed class CostBound
{
    private static readonly string[] Axes = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Pods, ResourceNames.NvidiaGpu];

    // Milli-bytes of memory (1e15 for a large node) would leave the tableaux badly scaled.
    private static readonly double[] Units = [1000, 1024.0 * 1024 * 1024 * 1000, 1000, 1000];
    private const double Tolerance = 1e-7;
    private const double Slack = 1e-9;
    private const int MaxIterations = 100;

    /// <summary>How many of the last solve's columns the next one starts from.</summary>
    private const int WarmColumns = 400;

    private readonly List<Shape> _shapes;
    private readonly Lock _lock = new();

    // The columns the last solve ended with, by pod size: consecutive calls (a simulation's samples) hold mostly the
    // same sizes, and starting from these columns takes most of the column generation off each call. Any column is
    // a node's real content, whatever pods it was found for, so starting from it leaves the bound valid.
    private List<(Dictionary<string, double> Content, double Price)> _warm = [];

    private CostBound(List<Shape> shapes) => _shapes = shapes;

    public static CostBound For(InstanceCatalog catalog, IReadOnlyList<NodePool> pools)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(pools);
        var shapes = new List<Shape>();
        foreach (var type in catalog.InstanceTypes)
        {
            var price = pools
                .Where(p => OfferingFilter.AllowsType(p.Requirements, type))
                .SelectMany(p => OfferingFilter.Offerings(p.Requirements, type))
                .Select(o => (decimal?)o.PricePerHour)
                .Min();
            if (price is { } cheapest)
            {
                shapes.Add(new Shape(Vector(type.Allocatable), (double)cheapest));
            }
        }

        // A type another beats on every axis at no higher price adds nothing: whatever it holds, that one holds as cheaply.
        var kept = new List<Shape>();
        foreach (var shape in shapes.OrderBy(s => s.Price))
        {
            if (!kept.Exists(k => k.Capacity.Select((c, r) => c >= shape.Capacity[r]).All(ok => ok)))
            {
                kept.Add(shape);
            }
        }

        return new CostBound(kept);
    }

    /// <summary>The bound in $/h for <paramref name="pods"/>; pods that fit no type are left out (no fleet holds them).</summary>
    public decimal CostPerHour(IEnumerable<Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var sizes = pods
            .GroupBy(p => p.Requests)
            .Select(g => (Demand: Vector(g.Key), Count: (double)g.Count()))
            .Where(s => _shapes.Exists(t => t.HowMany(s.Demand) > 0))
            .Select(s => (s.Demand, s.Count, Key: string.Join(",", s.Demand)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        if (sizes.Count == 0)
        {
            return 0m;
        }

        lock (_lock)
        {
            return (decimal)Solve(sizes);
        }
    }

    private double Solve(List<(double[] Demand, double Count, string Key)> sizes)
    {
        var demands = sizes.Select(s => s.Demand).ToArray();
        var counts = sizes.Select(s => s.Count).ToArray();
        var columns = new List<(double[] Content, double Price)>();
        foreach (var (content, price) in _warm)
        {
            var mapped = sizes.Select((s, g) => Math.Min(counts[g], content.GetValueOrDefault(s.Key))).ToArray();
            if (mapped.Any(k => k > 0))
            {
                columns.Add((mapped, price));
            }
        }

        for (var g = 0; g < sizes.Count; g++)
        {
            var (shape, holds) = _shapes
                .Select(s => (Shape: s, Holds: Math.Min(counts[g], s.HowMany(demands[g]))))
                .Where(c => c.Holds > 0)
                .MinBy(c => c.Shape.Price / c.Holds);
            var content = new double[sizes.Count];
            content[g] = holds;
            columns.Add((content, shape!.Price));
        }

        var best = 0.0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            // The master's dual: the price π of each size that no column's content is worth more than its node.
            var prices = Simplex.Maximise(counts, [.. columns.Select(c => c.Content)], [.. columns.Select(c => c.Price)])!.Value.X;
            var theta = 1.0;
            var added = false;
            foreach (var shape in _shapes)
            {
                var (bound, content, value) = Price(shape, demands, counts, prices, theta);
                theta = Math.Max(theta, bound / shape.Price);
                if (value > shape.Price * (1 + Tolerance))
                {
                    columns.Add((content, shape.Price));
                    added = true;
                }
            }

            best = Math.Max(best, counts.Select((n, g) => n * prices[g]).Sum() / theta);
            if (!added)
            {
                break;
            }
        }

        _warm = [.. columns.TakeLast(WarmColumns).Select(c => (sizes.Select((s, g) => (s.Key, c.Content[g])).Where(e => e.Item2 > 0).ToDictionary(e => e.Key, e => e.Item2, StringComparer.Ordinal), c.Price))];
        return best;
    }

    /// <summary>
    /// The most a node of <paramref name="shape"/> can be worth at these prices (the exact knapsack, or the LP
    /// relaxation's upper bound where the exact search is cut short or cannot beat the node's price), a whole-pod
    /// content reaching the best value found, and that value.
    /// </summary>
    private static (double Bound, double[] Content, double Value) Price(Shape shape, double[][] demands, double[] counts, double[] prices, double theta)
    {
        var g = demands.Length;
        var limits = demands.Select((d, i) => prices[i] > Tolerance ? Math.Min(counts[i], shape.HowMany(d)) : 0).ToArray();
        var rows = new List<double[]>();
        var rhs = new List<double>();
        for (var r = 0; r < Axes.Length; r++)
        {
            rows.Add([.. demands.Select(d => d[r])]);
            rhs.Add(shape.Capacity[r] * (1 + Slack));
        }

        for (var i = 0; i < g; i++)
        {
            var only = new double[g];
            only[i] = 1;
            rows.Add(only);
            rhs.Add(limits[i]);
        }

        var (relaxedBound, relaxed) = Simplex.Maximise(prices, rows, rhs)!.Value;
        var content = relaxed.Select(Math.Floor).ToArray();
        var used = shape.Capacity.Select((_, r) => content.Select((k, i) => k * demands[i][r]).Sum()).ToArray();
        foreach (var i in Enumerable.Range(0, g).OrderByDescending(i => prices[i]))
        {
            while (content[i] < limits[i] && demands[i].Select((d, r) => used[r] + d <= shape.Capacity[r] * (1 + Slack)).All(ok => ok))
            {
                content[i]++;
                for (var r = 0; r < used.Length; r++)
                {
                    used[r] += demands[i][r];
                }
            }
        }

        // No whole-pod content can be worth more than the node when even the relaxation is not: the relaxation's
        // bound then holds θ at about 1 and no column is missed, so the exact search is spent only where it counts.
        if (relaxedBound <= shape.Price * (1 + Tolerance))
        {
            return (relaxedBound, content, content.Select((k, i) => k * prices[i]).Sum());
        }

        return Knapsack.Best([.. shape.Capacity.Select(c => c * (1 + Slack))], demands, prices, limits, content, relaxedBound,
            shape.Price * Math.Max(theta, 1 + Tolerance));
    }

    private static double[] Vector(ResourceList resources) => [.. Axes.Select((a, r) => resources[a] / Units[r])];

    /// <summary>An instance type as the bound sees it: allocatable (in cores, GiB, pod slots, GPUs) and cheapest price.</summary>
    private sealed record Shape(double[] Capacity, double Price)
    {
        public double HowMany(double[] demand)
        {
            var most = double.PositiveInfinity;
            for (var r = 0; r < demand.Length; r++)
            {
                if (demand[r] > 0)
                {
                    most = Math.Min(most, Capacity[r] * (1 + Slack) / demand[r]);
                }
            }

            return Math.Floor(Math.Min(most, 1e9));
        }
    }
}
