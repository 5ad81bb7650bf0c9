using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Google.OrTools.LinearSolver;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// A lower bound on any plan's cost: the configuration LP (Gilmore–Gomory) of packing, solved by column generation.
/// A column is one node: an instance type and how many pods of each size it holds whole (every resource, pods
/// included, within the type's allocatable). The LP buys columns fractionally to cover every pod. Its dual gives
/// the bound: with pod-size prices π, θ = the largest ratio over all columns of (π · content) / (type price), found
/// exactly by an integer knapsack per type; π/θ is then dual-feasible, so Σ count × π / θ ≤ the LP optimum ≤ the
/// cost of every integral plan. The bound holds at any iteration, so stopping early only makes it looser.
/// Unlike the assignment LP it replaces, it does not let one node's spare memory serve another node's pods.
/// </summary>
internal static class LowerBound
{
    private const int MaxIterations = 200;
    private const double Tolerance = 1e-7;

    public static decimal Cost(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types) => Solve(pods, types).Bound;

    /// <summary>
    /// The bound, and an achievable cost beside it: the cheapest integral choice among the columns the LP generated
    /// (SCIP, <paramref name="seconds"/> at most). It is a real plan, so the optimum lies between the two; where they
    /// are far apart the LP bound is loose (small mixes, whole nodes), not the planner.
    /// </summary>
    public static (decimal Bound, decimal Achievable) WithAchievable(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types, double seconds)
    {
        var (bound, sizes, columns) = Solve(pods, types);
        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("SCIP is not available");
        solver.SetTimeLimit((long)(seconds * 1000));
        Master(solver, sizes, columns, integral: true);
        var status = solver.Solve();
        return (bound, status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE ? (decimal)solver.Objective().Value() : 0m);
    }

    private static (decimal Bound, List<PodSize> Sizes, List<Column> Columns) Solve(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types)
    {
        var sizes = PodSize.Of(pods);
        var nodeTypes = NodeShape.Undominated(types);
        var columns = sizes.Select((_, g) => SingleSizeColumn(sizes, g, nodeTypes)).ToList();
        var best = 0.0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var prices = SolveMaster(sizes, columns);
            var theta = 1.0;
            var added = false;
            foreach (var shape in nodeTypes)
            {
                var (value, bound, content) = Knapsack.Best(shape, sizes, prices);
                theta = Math.Max(theta, bound / shape.Price);
                if (value > shape.Price * (1 + Tolerance))
                {
                    columns.Add(new Column(shape, content));
                    added = true;
                }
            }

            best = Math.Max(best, sizes.Select((s, g) => s.Count * prices[g]).Sum() / theta);
            if (!added)
            {
                break;
            }
        }

        return ((decimal)best, sizes, columns);
    }

    private static Column SingleSizeColumn(List<PodSize> sizes, int g, List<NodeShape> shapes)
    {
        var size = sizes[g];
        var (shape, count) = shapes
            .Select(s => (Shape: s, Count: Math.Min(size.Count, s.HowMany(size.Demand))))
            .Where(c => c.Count > 0)
            .MinBy(c => c.Shape.Price / c.Count);
        if (shape is null)
        {
            throw new InvalidOperationException("a pod fits no instance type, so no plan places every pod");
        }

        var content = new int[sizes.Count];
        content[g] = count;
        return new Column(shape, content);
    }

    /// <summary>The covering problem over the columns: buy copies of each so that every size is covered, at least price.</summary>
    internal static Constraint[] Master(Solver solver, List<PodSize> sizes, List<Column> columns, bool integral)
    {
        var cover = sizes.Select(s => solver.MakeConstraint(s.Count, double.PositiveInfinity)).ToArray();
        var objective = solver.Objective();
        foreach (var column in columns)
        {
            var bought = integral ? solver.MakeIntVar(0, double.PositiveInfinity, "") : solver.MakeNumVar(0, double.PositiveInfinity, "");
            objective.SetCoefficient(bought, column.Shape.Price);
            for (var g = 0; g < cover.Length; g++)
            {
                if (column.Content[g] > 0)
                {
                    cover[g].SetCoefficient(bought, column.Content[g]);
                }
            }
        }

        objective.SetMinimization();
        return cover;
    }

    private static double[] SolveMaster(List<PodSize> sizes, List<Column> columns)
    {
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        var cover = Master(solver, sizes, columns, integral: false);
        if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException("the lower-bound master LP has no optimal solution");
        }

        // Clipping at zero keeps the bound valid: θ is computed for exactly these prices.
        return [.. cover.Select(c => Math.Max(0, c.DualValue()))];
    }
}
