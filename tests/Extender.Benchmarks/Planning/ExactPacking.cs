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
            Solver.ResultStatus.FEASIBLE => ((decimal)objective.Value(), false, (decimal)Math.Min(objective.BestBound(), objective.Value())),
            _ => null,
        };
    }
}
