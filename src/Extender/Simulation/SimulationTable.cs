using System.Globalization;
using Spectre.Console;

namespace Extender.Simulation;

/// <summary>The report as a table on the terminal.</summary>
internal static class SimulationTable
{
    public static void Write(IAnsiConsole console, SimulationReport report)
    {
        var table = new Table().AddColumn("measure").AddColumn("value");
        var last = report.Samples.Count > 0 ? report.Samples[^1] : null;
        table.AddRow("simulated time (h) / run time (s)", Invariant($"{report.SimulatedHours:0.##} / {report.RunSeconds:0.0}"));
        table.AddRow("pods created / pod-days", Invariant($"{report.PodsCreated} / {report.PodDays:0.##}"));
        table.AddRow("nodes launched / node-hours", Invariant($"{report.NodesLaunched} / {report.NodeHours:0.#}"));
        table.AddRow("cost / lower bound ($)", Invariant($"{report.Cost:0.00} / {report.Bound:0.00} ({report.CostOverBound:0.000}×)"));
        table.AddRow("pending → bound (s) p50 / p99 / max", Invariant($"{report.PendingSeconds.P50} / {report.PendingSeconds.P99} / {report.PendingSeconds.Max}"));
        table.AddRow("evictions / per pod-day", Invariant($"{report.Evictions} / {report.EvictionsPerPodDay:0.###}"));
        if (report.Moves.Count > 0)
        {
            table.AddRow("consolidations: moves / evictions / $/h saved (evicted again, left ≤ 30 min)",
                string.Join("; ", report.Moves.Select(m => Invariant($"{m.Key} {m.Value.Moves} / {m.Value.Evictions} / {m.Value.SavingsPerHour:0.00} ({m.Value.EvictedAgain}, {m.Value.LeftSoon})"))));
        }

        table.AddRow("nodes removed", report.Disruptions.Count == 0 ? "none" : string.Join(", ", report.Disruptions.Select(d => Invariant($"{d.Key} {d.Value}"))));
        if (last is not null)
        {
            table.AddRow("at the end: $/h (bound), nodes, pods", Invariant($"{last.CostPerHour:0.000} ({last.BoundPerHour:0.000}), {last.Nodes}, {last.LivePods}"));
        }

        console.Write(table);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
