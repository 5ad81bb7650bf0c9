using System.Diagnostics;
using System.Globalization;
using Extender.Core.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// Planner throughput on the reference workload without BenchmarkDotNet's minutes per size: after two warm-up plans,
/// the median of seven, as pods/s. A quick check on a loaded machine; <see cref="SchedulingBenchmarks"/> is the full one.
/// </summary>
internal static class PlanSpeed
{
    public static void Run(TextWriter output, IEnumerable<int> sizes)
    {
        output.WriteLine("| pods | median ms | pods/s | new nodes |");
        output.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var size in sizes)
        {
            var input = ReferenceWorkload.Input(size);
            var nodes = 0;
            var times = new List<double>();
            for (var run = 0; run < 9; run++)
            {
                var clock = Stopwatch.StartNew();
                nodes = Planner.Plan(input).NewNodes.Count;
                if (run >= 2)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {median:0.0} | {size / median * 1000:0} | {nodes} |"));
        }
    }
}
