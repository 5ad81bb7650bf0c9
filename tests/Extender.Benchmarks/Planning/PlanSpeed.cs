using System.Diagnostics;
using System.Globalization;
using Extender.Core.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// Planner throughput on the reference workload without BenchmarkDotNet's minutes per size: after warm-up plans of
/// every size, the median of seven, as pods/s. A quick check on a loaded machine; <see cref="SchedulingBenchmarks"/> is the full one.
/// The process's CPU time per plan is printed too: on a machine shared with other jobs the wall clock mostly measures
/// the wait for a core, while the CPU time (the planner is single-threaded; GC threads included) stays near the quiet figure.
/// </summary>
internal static class PlanSpeed
{
    public static void Run(TextWriter output, IEnumerable<int> sizes)
    {
        output.WriteLine("| pods | median ms | pods/s | CPU ms per plan | pods per CPU second | new nodes |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        using var process = Process.GetCurrentProcess();
        var inputs = sizes.Select(size => (Size: size, Input: ReferenceWorkload.Input(size))).ToList();

        // Tiered JIT keeps recompiling on background threads for a while: warm every size up before timing any, or the
        // first size measured pays for the others' compilation (twice the CPU time at 1,000 pods when it came first).
        for (var warm = 0; warm < 3; warm++)
        {
            inputs.ForEach(entry => Planner.Plan(entry.Input));
        }

        foreach (var (size, input) in inputs)
        {
            var nodes = 0;
            var times = new List<double>();
            var cpu = TimeSpan.Zero;
            for (var run = 0; run < 9; run++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                nodes = Planner.Plan(input).NewNodes.Count;
                if (run >= 2)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    process.Refresh();
                    cpu += process.TotalProcessorTime - cpuBefore;
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var cpuPerPlan = cpu.TotalMilliseconds / (times.Count);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {median:0.0} | {size / median * 1000:0} | {cpuPerPlan:0.0} | {size / cpuPerPlan * 1000:0} | {nodes} |"));
        }
    }
}
