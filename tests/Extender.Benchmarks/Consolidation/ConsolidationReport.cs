using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Extender.Core.Consolidation;

namespace Extender.Benchmarks.Consolidation;

/// <summary>
/// What the benchmark's pass decides, and how long it takes outside BenchmarkDotNet (median of 5 after a warm-up, wall
/// and the process's CPU time: the pass is single-threaded, so on a busy machine CPU time is the steadier figure).
/// </summary>
internal static class ConsolidationReport
{
    public static void Run(TextWriter output, int nodes)
    {
        foreach (var (budget, fillMemory) in new[] { ("10%", false), ("100%", false), ("10%", true), ("100%", true) })
        {
            var input = ConsolidationBenchmarks.Fleet(budget, nodes, pods: nodes * 30, seed: 19, fillMemory);
            var plan = Consolidator.Decide(input);
            var times = new List<double>();
            var cpu = new List<double>();
            var process = Process.GetCurrentProcess();
            for (var i = 0; i < 5; i++)
            {
                process.Refresh();
                var cpuStarted = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                plan = Consolidator.Decide(input);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuStarted).TotalMilliseconds);
            }

            times.Sort();
            cpu.Sort();
            var cost = input.Disruption.Claims.Sum(c => c.Status.PricePerHour ?? 0);
            output.WriteLine(
                $"budget {budget}{(fillMemory ? ", memory filled like CPU" : "")}: {plan.Candidates} candidates, {plan.Moves.Count} moves ({plan.Moves.Count(m => m.IsDelete)} deletes), " +
                $"{plan.Moves.Sum(m => m.Candidates.Count)} nodes out, {plan.Moves.Sum(m => m.Replacements.Count)} in, " +
                $"${cost:0.00}/h -> ${cost - plan.Moves.Sum(m => m.SavingsPerHour):0.00}/h worst case, {plan.PlannerRuns} planner runs, " +
                $"median {times[2]:0} ms (min {times[0]:0}, max {times[^1]:0}), CPU median {cpu[2]:0} ms, load {Load()}, decisions {Digest(plan)}");
        }
    }

    /// <summary>The one-minute load average (Linux), since this machine's wall times depend on it.</summary>
    private static string Load() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>
    /// A short hash of every move (nodes out, replacement types, where each pod goes): two builds that print the same
    /// digest decided the same pass.
    /// </summary>
    private static string Digest(ConsolidationPlan plan)
    {
        var text = new StringBuilder();
        foreach (var move in plan.Moves)
        {
            text.AppendJoin(',', move.Candidates.Select(c => c.Name)).Append(" -> ")
                .AppendJoin(',', move.Replacements.Select(r => $"{r.InstanceType}[{string.Join('|', r.InstanceTypeOptions)}]")).Append(" : ")
                .AppendJoin(';', move.Placements.Select(p => $"{p.Name}={string.Join(',', p.Pods.Select(pod => pod.Name))}"))
                .AppendLine();
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
