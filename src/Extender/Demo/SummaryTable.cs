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

        if (report.Headroom is { } headroom)
        {
            table.AddRow("headroom: pending → bound (ms) with a buffer p50 / p99", Invariant($"{Pair(headroom.BufferedPendingToBoundMilliseconds)} ({headroom.BufferedPods} pods)"));
            table.AddRow("headroom: pending → bound (ms) without p50 / p99", Invariant($"{Pair(headroom.UnbufferedPendingToBoundMilliseconds)} ({headroom.UnbufferedPods} pods)"));
            table.AddRow("headroom: buffer room held / used by its pods / taken by others", Invariant($"{headroom.RoomHeld} / {headroom.RoomUsedByBufferedPods} / {headroom.RoomTakenByOthers}"));
            table.AddRow("headroom: refills (first, ms after the scale-up) / room held at end", Invariant($"{headroom.Refills} ({(headroom.FirstRefillMilliseconds is { } first ? first.ToString(CultureInfo.InvariantCulture) : "-")}) / {headroom.RoomHeldAfter}"));
            table.AddRow("headroom: done after (s)", headroom.Settled ? Invariant($"{headroom.Seconds}") : Invariant($"not done within {headroom.Seconds}"));
        }

        if (report.ScaleIn is { } scaleIn)
        {
            table.AddRow("scale-in: pods deleted / evictions", Invariant($"{scaleIn.PodsDeleted} / {scaleIn.Evictions}"));
            table.AddRow("scale-in: nodes before → after (removed, launched)", Invariant($"{scaleIn.NodesBefore} → {scaleIn.NodesAfter} ({scaleIn.NodesRemoved} removed, {scaleIn.NodesLaunched} launched)"));
            table.AddRow("scale-in: cost per hour before → after", Invariant($"${scaleIn.CostPerHourBefore:0.0000} → ${scaleIn.CostPerHourAfter:0.0000}"));
            table.AddRow("scale-in: plan / lower bound for the pods left", Invariant($"${scaleIn.PlanCostPerHour:0.0000} / ${scaleIn.BoundPerHour:0.0000}"));
            table.AddRow("scale-in: quiet after (s)", scaleIn.Settled ? Invariant($"{scaleIn.Seconds}") : Invariant($"not quiet within {scaleIn.Seconds}"));
        }

        if (report.Interruption is { } interruption)
        {
            table.AddRow("interruption: spot nodes warned (notice)", Invariant($"{interruption.NodesInterrupted} ({interruption.NoticeSeconds:0.#} s, EC2's 120 s scaled down)"));
            table.AddRow("interruption: pods moved / to move", Invariant($"{interruption.PodsMoved} / {interruption.PodsToMove}"));
            table.AddRow("interruption: Running on reserved capacity before reclaim", Invariant($"{interruption.RunningOnReservedBeforeReclaim} ({Share(interruption.RunningOnReservedBeforeReclaim, interruption.PodsToMove)})"));
            table.AddRow("interruption: notice → replacement launch (ms) p50 / max", Invariant($"{interruption.NoticeToReplacementLaunchMilliseconds.P50} / {interruption.NoticeToReplacementLaunchMilliseconds.Max} ({interruption.ReplacementsLaunched} launched)"));
            table.AddRow("interruption: evicted before destination Ready", Invariant($"{interruption.EvictedBeforeDestinationReady}"));
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
            """) + ExplainPhases(report);
    }

    private static string ExplainPhases(DemoReport report)
    {
        var text = "";
        if (report.Headroom is { } h)
        {
            text += Invariant($"""

                Then {h.BufferedPods} pods were added to Deployments with a CapacityBuffer and {h.UnbufferedPods} to others, at the same moment. The buffers held room for {h.RoomHeld} pods on Ready nodes, for their own pods only: those bound onto {h.RoomUsedByBufferedPods} of it and went from Pending to bound in {h.BufferedPendingToBoundMilliseconds.P50} ms at the median ({h.BufferedPendingToBoundMilliseconds.P99} ms p99); the others took {h.RoomTakenByOthers} of it and waited {h.UnbufferedPendingToBoundMilliseconds.P50} ms at the median, for new nodes to boot. {h.Refills} replicas' room was held again as it was taken, and {h.RoomHeldAfter} were held on Ready nodes at the end.
                """);
        }

        if (report.ScaleIn is { } s)
        {
            text += Invariant($"""

                Then {s.PodsDeleted} pods were deleted. Empty nodes were removed and underused ones consolidated (their pods moved, through {s.Evictions} evictions, onto room held for them): {s.NodesBefore} nodes became {s.NodesAfter} ({s.NodesRemoved} removed, {s.NodesLaunched} launched), ${s.CostPerHourBefore:0.0000}/h became ${s.CostPerHourAfter:0.0000}/h; for the pods left, `plan` would buy ${s.PlanCostPerHour:0.0000}/h and no fleet can cost less than ${s.BoundPerHour:0.0000}/h.
                """);
        }

        if (report.Interruption is { } i)
        {
            text += Invariant($"""

                Then EC2 warned that {i.NodesInterrupted} spot nodes would be taken back in {i.NoticeSeconds:0.#} s (120 s in EC2). Room for their {i.PodsToMove} pods was bought and held at once (replacements launched {i.NoticeToReplacementLaunchMilliseconds.P50} ms, at the median, after the warning was read), and {i.RunningOnReservedBeforeReclaim} of them were Running on it before the reclaim; {i.EvictedBeforeDestinationReady} were evicted before their destination was Ready.
                """);
        }

        return text;
    }

    private static string Millis(Percentiles p) => Invariant($"{p.P50} / {p.P99} / {p.Max}");

    private static string Pair(Percentiles p) => Invariant($"{p.P50} / {p.P99}");

    private static string Share(int part, int whole) => whole == 0 ? "-" : Invariant($"{100.0 * part / whole:0.0}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
