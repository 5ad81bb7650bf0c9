using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Google.OrTools.LinearSolver;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// The true optimum of a small mix, to tell a loose LP bound from a poor plan: an assignment MIP (SCIP) over at most
/// <c>nodes</c> nodes (one per pod leaves every plan possible), each of one undominated type or unused, every pod on
/// one of them within every resource.
/// Nodes are ordered by price to cut the symmetric solutions. Returns the cost, whether SCIP proved it optimal
/// within the time limit (else it is the best plan found, still an upper bound on the optimum), and SCIP's proven
/// lower bound on the optimum (its dual bound; the cost itself when proven).
/// </summary>
internal static class ExactPacking
{
    /// <summary>
    /// The optimum by the configuration IP over every node content (how many pods of each size, all within the
    /// counts), each at the cheapest type that holds it: any plan is a multiset of such contents, and a node can always
    /// take the cheapest type holding what it carries, so the IP's optimum is the true one, with far fewer and less
    /// symmetric variables than the assignment MIP below. Null when the mix has more than
    /// <paramref name="maxContents"/> contents.
    /// </summary>
    public static (decimal Cost, bool Proven, decimal Lower)? SolveByContents(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types, double seconds, int maxContents)
    {
        var sizes = PodSize.Of(pods);
        var contents = 1L;
        foreach (var size in sizes)
        {
            contents *= size.Count + 1;
            if (contents > maxContents)
            {
                return null;
            }
        }

        var shapes = NodeShape.Undominated(types);
        var columns = new List<Column>();
        var content = new int[sizes.Count];
        var used = new double[PodSize.Axes.Length];
        while (Next(content, sizes))
        {
            Array.Clear(used);
            for (var g = 0; g < sizes.Count; g++)
            {
                for (var r = 0; r < used.Length; r++)
                {
                    used[r] += content[g] * sizes[g].Demand[r];
                }
            }

            // Undominated shapes come cheapest first: the first that holds the content prices it.
            if (shapes.Find(s => s.Holds(used)) is { } shape)
            {
                columns.Add(new Column(shape, (int[])content.Clone()));
            }
        }

        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("SCIP is not available");
        solver.SetTimeLimit((long)(seconds * 1000));
        LowerBound.Master(solver, sizes, columns, integral: true);
        var objective = solver.Objective();
        return solver.Solve() switch
        {
            Solver.ResultStatus.OPTIMAL => ((decimal)objective.Value(), true, (decimal)objective.Value()),
            Solver.ResultStatus.FEASIBLE => ((decimal)objective.Value(), false, Floor(objective)),
            _ => null,
        };
    }

    /// <summary>
    /// A lower bound that counts whole nodes, for mixes too large for the exact packings: the cheapest multiset of
    /// types whose summed allocatable holds the mix's total request on every resource (an integer program of one
    /// variable per undominated type). Every plan's nodes are such a multiset, so no plan is cheaper; on mixes of a
    /// few big nodes it is far tighter than the LP, which may buy a fraction of a node. Null if SCIP proves nothing.
    /// </summary>
    public static decimal? CoverBound(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types, double seconds)
    {
        var total = new double[PodSize.Axes.Length];
        foreach (var size in PodSize.Of(pods))
        {
            for (var r = 0; r < total.Length; r++)
            {
                total[r] += size.Count * size.Demand[r];
            }
        }

        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("SCIP is not available");
        solver.SetTimeLimit((long)(seconds * 1000));
        var rows = total.Select(t => solver.MakeConstraint(t, double.PositiveInfinity)).ToArray();
        var objective = solver.Objective();
        foreach (var shape in NodeShape.Undominated(types))
        {
            var bought = solver.MakeIntVar(0, double.PositiveInfinity, "");
            objective.SetCoefficient(bought, shape.Price);
            for (var r = 0; r < rows.Length; r++)
            {
                // The same slack NodeShape.Holds allows: rounding must not cut a plan off.
                rows[r].SetCoefficient(bought, shape.Capacity[r] * (1 + 1e-9));
            }
        }

        objective.SetMinimization();
        return solver.Solve() switch
        {
            Solver.ResultStatus.OPTIMAL => (decimal)objective.Value(),
            Solver.ResultStatus.FEASIBLE => Floor(objective),
            _ => null,
        };
    }

    /// <summary>SCIP's dual bound, which it reports as -1e20 when it has none yet: a cost is never below 0 nor above a plan found.</summary>
    private static decimal Floor(Objective objective) => (decimal)Math.Clamp(objective.BestBound(), 0, objective.Value());

    /// <summary>Advances <paramref name="content"/> to the next count vector (mixed radix); false after the last.</summary>
    private static bool Next(int[] content, List<PodSize> sizes)
    {
        for (var g = 0; g < content.Length; g++)
        {
            if (content[g] < sizes[g].Count)
            {
                content[g]++;
                return true;
            }

            content[g] = 0;
        }

        return false;
    }

    public static (decimal Cost, bool Proven, decimal Lower)? Solve(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types, int nodes, double seconds)
    {
        var sizes = PodSize.Of(pods);
        var shapes = NodeShape.Undominated(types);
        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("SCIP is not available");
        solver.SetTimeLimit((long)(seconds * 1000));
        var chosen = new Variable[nodes, shapes.Count];
        var held = new Variable[nodes, sizes.Count];
        var objective = solver.Objective();
        for (var n = 0; n < nodes; n++)
        {
            var one = solver.MakeConstraint(0, 1);
            for (var t = 0; t < shapes.Count; t++)
            {
                chosen[n, t] = solver.MakeBoolVar("");
                one.SetCoefficient(chosen[n, t], 1);
                objective.SetCoefficient(chosen[n, t], shapes[t].Price);
            }

            for (var g = 0; g < sizes.Count; g++)
            {
                held[n, g] = solver.MakeIntVar(0, sizes[g].Count, "");
            }

            for (var r = 0; r < PodSize.Axes.Length; r++)
            {
                var room = solver.MakeConstraint(double.NegativeInfinity, 0);
                for (var g = 0; g < sizes.Count; g++)
                {
                    room.SetCoefficient(held[n, g], sizes[g].Demand[r]);
                }

                for (var t = 0; t < shapes.Count; t++)
                {
                    room.SetCoefficient(chosen[n, t], -shapes[t].Capacity[r] * (1 + 1e-9));
                }
            }

            if (n > 0)
            {
                // Node n costs no more than node n - 1: any plan can be reordered so.
                var order = solver.MakeConstraint(double.NegativeInfinity, 0);
                for (var t = 0; t < shapes.Count; t++)
                {
                    order.SetCoefficient(chosen[n, t], shapes[t].Price);
                    order.SetCoefficient(chosen[n - 1, t], -shapes[t].Price);
                }
            }
        }

        for (var g = 0; g < sizes.Count; g++)
        {
            var all = solver.MakeConstraint(sizes[g].Count, sizes[g].Count);
            for (var n = 0; n < nodes; n++)
            {
                all.SetCoefficient(held[n, g], 1);
            }
        }

        objective.SetMinimization();
        var status = solver.Solve();
        return status switch
        {
            Solver.ResultStatus.OPTIMAL => ((decimal)objective.Value(), true, (decimal)objective.Value()),
            Solver.ResultStatus.FEASIBLE => ((decimal)objective.Value(), false, Floor(objective)),
            _ => null,
        };
    }
}
