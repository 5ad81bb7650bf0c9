using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Google.OrTools.LinearSolver;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// A lower bound on any plan's cost: the LP relaxation of packing with assignment (GLOP). Each pod size g is split
/// over instance types (y[g,t] pods, only types one such pod fits on), and each type t is bought fractionally
/// (x[t] nodes) with enough of every resource for what is assigned to it, and with no more pods of one size per
/// node than fit on it whole (y[g,t] &lt;= x[t] * floor(min over resources of capacity / demand)). Every integral
/// packing satisfies both, so none is cheaper.
/// </summary>
internal static class LowerBound
{
    private static readonly string[] Axes = [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Pods, ResourceNames.NvidiaGpu];

    // Cores, GiB, pods and GPUs: milli-bytes of memory (1e15) would leave the LP badly scaled.
    private static readonly double[] Units = [1000, 1024.0 * 1024 * 1024 * 1000, 1000, 1000];

    public static decimal Cost(IReadOnlyList<Pod> pods, IReadOnlyList<InstanceType> types)
    {
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        var sizes = pods.GroupBy(p => string.Join(",", Axes.Select(a => p.Requests[a])))
            .Select(g => (Demand: Axes.Select((a, r) => g.First().Requests[a] / Units[r]).ToArray(), Count: g.Count()))
            .ToList();
        var capacity = types.Select(t => Axes.Select((a, r) => t.Allocatable[a] / Units[r]).ToArray()).ToList();
        var nodes = types.Select(t => solver.MakeNumVar(0, double.PositiveInfinity, t.Name)).ToList();
        var room = new Constraint[types.Count, Axes.Length];
        for (var t = 0; t < types.Count; t++)
        {
            for (var r = 0; r < Axes.Length; r++)
            {
                room[t, r] = solver.MakeConstraint(double.NegativeInfinity, 0);
                room[t, r].SetCoefficient(nodes[t], -capacity[t][r]);
            }
        }

        foreach (var (demand, count) in sizes)
        {
            var all = solver.MakeConstraint(count, count);
            for (var t = 0; t < types.Count; t++)
            {
                if (!Enumerable.Range(0, Axes.Length).All(r => demand[r] <= capacity[t][r]))
                {
                    continue;
                }

                var assigned = solver.MakeNumVar(0, double.PositiveInfinity, "");
                all.SetCoefficient(assigned, 1);

                // A node holds a whole number of pods: at most k of this size fit on one node of the type (valid cut).
                var perNode = Math.Floor(Enumerable.Range(0, Axes.Length).Where(r => demand[r] > 0).Min(r => capacity[t][r] / demand[r]) + 1e-9);
                var whole = solver.MakeConstraint(double.NegativeInfinity, 0);
                whole.SetCoefficient(assigned, 1);
                whole.SetCoefficient(nodes[t], -perNode);
                for (var r = 0; r < Axes.Length; r++)
                {
                    room[t, r].SetCoefficient(assigned, demand[r]);
                }
            }
        }

        var objective = solver.Objective();
        for (var t = 0; t < types.Count; t++)
        {
            objective.SetCoefficient(nodes[t], (double)types[t].Offerings.Min(o => o.PricePerHour));
        }

        objective.SetMinimization();
        return solver.Solve() == Solver.ResultStatus.OPTIMAL
            ? (decimal)objective.Value()
            : throw new InvalidOperationException("the lower-bound LP has no optimal solution");
    }
}
