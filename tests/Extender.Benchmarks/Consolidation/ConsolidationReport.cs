using System.Diagnostics;
using Extender.Core.Consolidation;

namespace Extender.Benchmarks.Consolidation;

/// <summary>What the benchmark's pass decides, and how long it takes outside BenchmarkDotNet (median of 5 after a warm-up).</summary>
internal static class ConsolidationReport
{
    public static void Run(TextWriter output, int nodes)
    {
        foreach (var budget in new[] { "10%", "100%" })
        {
            var input = ConsolidationBenchmarks.Fleet(budget, nodes, pods: nodes * 30, seed: 19);
            var plan = Consolidator.Decide(input);
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var started = Stopwatch.GetTimestamp();
                plan = Consolidator.Decide(input);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            var cost = input.Disruption.Claims.Sum(c => c.Status.PricePerHour ?? 0);
            output.WriteLine(
                $"budget {budget}: {plan.Candidates} candidates, {plan.Moves.Count} moves ({plan.Moves.Count(m => m.IsDelete)} deletes), " +
                $"{plan.Moves.Sum(m => m.Candidates.Count)} nodes out, {plan.Moves.Sum(m => m.Replacements.Count)} in, " +
                $"${cost:0.00}/h -> ${cost - plan.Moves.Sum(m => m.SavingsPerHour):0.00}/h worst case, {plan.PlannerRuns} planner runs, " +
                $"median {times[2]:0} ms (min {times[0]:0}, max {times[^1]:0})");
        }
    }
}
