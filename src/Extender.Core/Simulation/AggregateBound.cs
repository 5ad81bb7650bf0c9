using Extender.Core.Catalog;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Simulation;

/// <summary>
/// A lower bound on what any fleet holding some pods must cost per hour: the cheapest aggregate capacity, bought in
/// fractions of instances, that covers their summed requests on every axis (cores, memory, pod slots, GPUs). Any real
/// fleet is such a purchase in whole instances, so it costs at least this. It is weaker than the planning benchmark's
/// configuration LP (which also keeps each pod whole on one node), so a fleet's cost against it overstates the gap;
/// it needs no solver library and takes microseconds, so a simulation can take it after every pod event.
/// Solved as its dual (at most 4 variables, one constraint per instance type) by the simplex method on a condensed
/// tableau, so a pivot costs O(types × axes).
/// </summary>
public sealed class AggregateBound
{
    private static readonly string[] Axes = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Pods, ResourceNames.NvidiaGpu];

    // Milli-bytes of memory (1e15 for a large node) would leave the tableau badly scaled.
    private static readonly double[] Units = [1000, 1024.0 * 1024 * 1024 * 1000, 1000, 1000];
    private const double Epsilon = 1e-9;

    private readonly List<(double[] Capacity, double Price)> _shapes;

    private AggregateBound(List<(double[] Capacity, double Price)> shapes) => _shapes = shapes;

    /// <summary>The instance types some NodePool may launch, each at the cheapest offering some NodePool allows.</summary>
    public static AggregateBound For(InstanceCatalog catalog, IReadOnlyList<NodePool> pools)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(pools);
        var shapes = new List<(double[], double)>();
        foreach (var type in catalog.InstanceTypes)
        {
            var prices = pools
                .Where(p => OfferingFilter.AllowsType(p.Requirements, type))
                .SelectMany(p => OfferingFilter.Offerings(p.Requirements, type))
                .Select(o => o.PricePerHour)
                .ToList();
            if (prices.Count > 0)
            {
                shapes.Add((Vector(type.Allocatable), (double)prices.Min()));
            }
        }

        return new AggregateBound(shapes);
    }

    /// <summary>The bound in $/h for pods whose requests sum to <paramref name="demand"/>; 0 for no demand.</summary>
    public decimal CostPerHour(ResourceList demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var wanted = Vector(demand);

        // An axis no type offers (GPUs without GPU types) cannot be covered at any price; leaving it out keeps the
        // bound finite and still below the cost of the capacity that covers the rest.
        var axes = Enumerable.Range(0, Axes.Length).Where(r => wanted[r] > Epsilon && _shapes.Exists(s => s.Capacity[r] > Epsilon)).ToArray();
        return axes.Length == 0 ? 0m : (decimal)MaximiseDual([.. axes.Select(r => wanted[r])], axes);
    }

    /// <summary>max Σ demand·y subject to Σ capacity·y ≤ price for every type, y ≥ 0 (the origin is feasible: prices are not negative).</summary>
    private double MaximiseDual(double[] demand, int[] axes)
    {
        var m = axes.Length;
        var n = _shapes.Count;

        // Rows 0..n-1: one per type (its slack basic); row n: the objective. Columns 0..m-1: non-basic variables; m: the right-hand side.
        var t = new double[n + 1, m + 1];
        var rowVar = new int[n];
        var colVar = new int[m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                t[i, j] = _shapes[i].Capacity[axes[j]];
            }

            t[i, m] = _shapes[i].Price;
            rowVar[i] = m + i;
        }

        for (var j = 0; j < m; j++)
        {
            t[n, j] = -demand[j];
            colVar[j] = j;
        }

        while (Entering(t, n, m, colVar) is var col && col >= 0)
        {
            var row = Leaving(t, n, m, col, rowVar);
            if (row < 0)
            {
                throw new InvalidOperationException("the aggregate bound is unbounded although every axis has a type offering it");
            }

            Pivot(t, n, m, row, col);
            (rowVar[row], colVar[col]) = (colVar[col], rowVar[row]);
        }

        return t[n, m];
    }

    // Bland's rule (lowest variable index first, on both choices) cannot cycle; the tableau is tiny, so its slower
    // progress does not matter.
    private static int Entering(double[,] t, int n, int m, int[] colVar)
    {
        var best = -1;
        for (var j = 0; j < m; j++)
        {
            if (t[n, j] < -Epsilon && (best < 0 || colVar[j] < colVar[best]))
            {
                best = j;
            }
        }

        return best;
    }

    private static int Leaving(double[,] t, int n, int m, int col, int[] rowVar)
    {
        var best = -1;
        var bestRatio = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            if (t[i, col] <= Epsilon)
            {
                continue;
            }

            var ratio = t[i, m] / t[i, col];
            if (ratio < bestRatio - Epsilon || (ratio <= bestRatio + Epsilon && best >= 0 && rowVar[i] < rowVar[best]))
            {
                best = i;
                bestRatio = Math.Min(ratio, bestRatio);
            }
        }

        return best;
    }

    private static void Pivot(double[,] t, int n, int m, int row, int col)
    {
        var p = t[row, col];
        for (var i = 0; i <= n; i++)
        {
            if (i == row || t[i, col] == 0)
            {
                continue;
            }

            var factor = t[i, col] / p;
            for (var k = 0; k <= m; k++)
            {
                if (k != col)
                {
                    t[i, k] -= factor * t[row, k];
                }
            }

            t[i, col] = -factor;
        }

        for (var k = 0; k <= m; k++)
        {
            if (k != col)
            {
                t[row, k] /= p;
            }
        }

        t[row, col] = 1 / p;
    }

    private static double[] Vector(ResourceList resources) => [.. Axes.Select((a, r) => resources[a] / Units[r])];
}
