using System.Diagnostics;
using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>Prints, per realistic mix, the plan's cost, the first-fit-decreasing baseline and the LP lower bound.</summary>
internal static class CostReport
{
    public static void Run(TextWriter output)
    {
        var pool = new NodePool { Name = "default" };
        var catalog = DefaultCatalog.Load();
        output.WriteLine("| mix | pods | plan $/h | FFD $/h | lower bound $/h | plan vs bound | FFD vs bound | plan ms | plan nodes |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (name, pods) in CostMixes.All())
        {
            var clock = Stopwatch.StartNew();
            var plan = Planner.Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = catalog });
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (plan.Unschedulable.Count > 0)
            {
                throw new InvalidOperationException($"{name}: {plan.Unschedulable.Count} pods unschedulable: {plan.Unschedulable[0].Reason}");
            }

            var ffd = FirstFitDecreasing.Cost(pods, catalog.InstanceTypes);
            var bound = LowerBound.Cost(pods, catalog.InstanceTypes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {pods.Count} | {plan.TotalPricePerHour:0.000} | {ffd:0.000} | {bound:0.000} | {Gap(plan.TotalPricePerHour, bound)} | {Gap(ffd, bound)} | {elapsed:0} | {Nodes(plan)} |"));
        }
    }

    private static string Nodes(Plan plan) => string.Join(", ", plan.NewNodes
        .GroupBy(n => n.InstanceType, StringComparer.Ordinal)
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()}× {g.Key}")));

    private static string Gap(decimal cost, decimal bound) =>
        string.Create(CultureInfo.InvariantCulture, $"+{(cost / bound - 1) * 100:0.0}%");
}
