using Google.OrTools.LinearSolver;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// The pricing problem of <see cref="LowerBound"/>: the most valuable whole-pod content of one node of a type,
/// valuing a pod of size g at π[g].
/// </summary>
internal static class Knapsack
{
    /// <summary>
    /// The best content found, its value, and an upper bound on the best possible value (the solver's proven bound,
    /// or a quick bound that already shows no content is worth the node's price).
    /// </summary>
    public static (double Value, double Bound, int[] Content) Best(NodeShape shape, List<PodSize> sizes, double[] prices)
    {
        var limits = sizes.Select((s, g) => prices[g] > 0 ? Math.Min(s.Count, shape.HowMany(s.Demand)) : 0).ToArray();
        var quick = QuickBound(shape, sizes, prices, limits);
        if (quick <= shape.Price)
        {
            return (0, quick, []);
        }

        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("SCIP is not available");
        var counts = limits.Select(l => solver.MakeIntVar(0, l, "")).ToArray();
        for (var r = 0; r < shape.Capacity.Length; r++)
        {
            var room = solver.MakeConstraint(double.NegativeInfinity, shape.Capacity[r] * (1 + 1e-9));
            for (var g = 0; g < counts.Length; g++)
            {
                room.SetCoefficient(counts[g], sizes[g].Demand[r]);
            }
        }

        var objective = solver.Objective();
        for (var g = 0; g < counts.Length; g++)
        {
            objective.SetCoefficient(counts[g], prices[g]);
        }

        objective.SetMaximization();
        var status = solver.Solve();
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            return (0, quick, []);
        }

        var content = counts.Select(c => (int)Math.Round(c.SolutionValue())).ToArray();
        var used = shape.Capacity.Select((_, r) => content.Select((n, g) => n * sizes[g].Demand[r]).Sum()).ToArray();
        var value = shape.Holds(used) ? content.Select((n, g) => n * prices[g]).Sum() : 0;
        return (value, Math.Min(quick, Math.Max(objective.BestBound(), value)), content);
    }

    // Fractional knapsack on each resource alone, and taking every pod: each caps what any content is worth.
    private static double QuickBound(NodeShape shape, List<PodSize> sizes, double[] prices, int[] limits)
    {
        var bound = limits.Select((l, g) => l * prices[g]).Sum();
        for (var r = 0; r < shape.Capacity.Length; r++)
        {
            var densest = 0.0;
            var unlimited = false;
            for (var g = 0; g < sizes.Count; g++)
            {
                if (limits[g] > 0)
                {
                    unlimited |= sizes[g].Demand[r] <= 0;
                    densest = sizes[g].Demand[r] > 0 ? Math.Max(densest, prices[g] / sizes[g].Demand[r]) : densest;
                }
            }

            if (!unlimited)
            {
                bound = Math.Min(bound, shape.Capacity[r] * (1 + 1e-9) * densest);
            }
        }

        return bound;
    }
}
