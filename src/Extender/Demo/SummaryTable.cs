using System.Globalization;
using Extender.Sandbox.Demo;
using Spectre.Console;

namespace Extender.Demo;

/// <summary>The closing summary: the report's figures in one table.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, DemoReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("summary").AddColumn("figure").AddColumn("value");
        var p = report.Pods;
        table.AddRow("pods created / bound / pending at end", Invariant($"{p.Created} / {p.Bound} / {p.PendingAtEnd}"));
        table.AddRow("bound to the node reserved for them", Invariant($"{p.BoundToReservedNode} ({Share(p.BoundToReservedNode, p.Bound)})"));
        table.AddRow("detection → launch (ms) p50 / p99 / max", Millis(report.DetectionToLaunchMilliseconds));
        table.AddRow("pods covered by a launch (ms from the first pod)", report.CoveredMilliseconds is { } covered
            ? Invariant($"{covered} ({report.LastLaunchAfterLastPodMilliseconds} after the last pod; {report.UncoveredPods} never covered)")
            : Invariant($"none ({report.UncoveredPods} never covered)"));
        table.AddRow("pending → bound (ms) p50 / p99 / max", Millis(report.PendingToBoundMilliseconds));
        table.AddRow("nodes launched / unused", Invariant($"{report.Nodes.Launched} / {report.Nodes.Unused}"));
        table.AddRow("nodes by instance type", Markup.Escape(string.Join(", ", report.Nodes.ByInstanceType.Select(n => Invariant($"{n.Key}×{n.Value}")))));
        table.AddRow("cost per hour (plan for the same input)", report.PlanCostPerHour is { } plan
            ? Invariant($"${report.CostPerHour:0.0000} (${plan:0.0000})")
            : Invariant($"${report.CostPerHour:0.0000} (no pods to plan)"));
        table.AddRow("sidecar filter p99 (ms, bucket bound)", report.FilterP99Milliseconds?.ToString(CultureInfo.InvariantCulture) ?? "no calls");
        if (report.Sidecar is { } sidecar)
        {
            table.AddRow("sidecar CPU-seconds (run / start-up)", Invariant($"{sidecar.CpuSeconds} / {sidecar.StartupCpuSeconds}"));
            table.AddRow("sidecar working set (MB) peak / at end", Invariant($"{sidecar.PeakWorkingSetMegabytes} / {sidecar.WorkingSetAtEndMegabytes}"));
        }

        table.AddRow("EC2 calls", Markup.Escape(string.Join(", ", report.CloudCalls.Select(c => Invariant($"{c.Key} {c.Value}")))));
        table.AddRow("extender calls", string.Join(", ", report.ExtenderCalls.Select(c => Invariant($"{c.Key} {c.Value}"))));
        table.AddRow("duration (s)", Invariant($"{report.DurationSeconds}"));
        foreach (var error in report.Errors)
        {
            table.AddRow("[red]error[/]", Markup.Escape(error));
        }

        console.Write(table);
    }

    /// <summary>What just happened, in a few sentences a first-time user can follow.</summary>
    public static string Explain(DemoReport report)
    {
        var p = report.Pods;
        var types = string.Join(", ", report.Nodes.ByInstanceType.Select(n => Invariant($"{n.Value} {n.Key}")));
        var plan = report.PlanCostPerHour is { } planned ? Invariant($"; the offline planner, given the same pods at once, would pay ${planned:0.0000}/h") : "";
        return Invariant($"""
            What happened: {p.Created} pods were created with no node to run on. kube-scheduler asked the extender where each could go; where no node had room, the provisioner batched the pods, planned the cheapest instances for them and bought {report.Nodes.Launched} nodes ({types}) for ${report.CostPerHour:0.0000}/h{plan}.
            Each node was reserved for the pods it was bought for: {p.BoundToReservedNode} of {p.Bound} bound pods ({Share(p.BoundToReservedNode, p.Bound)}) landed on exactly that node, so no pod took another's room. Half the pods went from Pending to bound within {report.PendingToBoundMilliseconds.P50} ms, all but 1% within {report.PendingToBoundMilliseconds.P99} ms; {p.PendingAtEnd} were still pending at the end.
            """);
    }

    private static string Millis(Percentiles p) => Invariant($"{p.P50} / {p.P99} / {p.Max}");

    private static string Share(int part, int whole) => whole == 0 ? "-" : Invariant($"{100.0 * part / whole:0.0}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
