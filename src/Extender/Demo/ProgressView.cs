using System.Globalization;
using Spectre.Console;

namespace Extender.Demo;

/// <summary>
/// Shows the run as it goes: a live table on a terminal, one line a second when the output is redirected. Returns the
/// last status once <c>done</c> says so or the token is cancelled (the duration elapsed, or Ctrl+C).
/// </summary>
internal static class ProgressView
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    /// <summary>How many of the sidecar's recent warnings the live view shows.</summary>
    private const int EventsShown = 5;

    /// <summary>Shows progress until done or cancelled; the sidecar's warnings (<c>log</c>) appear under the tables in
    /// the live view and as lines in plain output.</summary>
    public static async Task<DemoStatus> WatchAsync(IAnsiConsole console, bool live, Func<DemoStatus> sample, DemoLog log, Func<DemoStatus, bool> done, CancellationToken cancellationToken)
    {
        var status = sample();
        if (live)
        {
            await console.Live(Render(status, log)).StartAsync(async context =>
            {
                while (!done(status) && await WaitAsync(LiveInterval, cancellationToken))
                {
                    status = sample();
                    context.UpdateTarget(Render(status, log));
                }
            });
            return status;
        }

        var shown = 0L;
        console.WriteLine(Line(status));
        while (!done(status) && await WaitAsync(PlainInterval, cancellationToken))
        {
            status = sample();
            var (events, count) = log.After(shown);
            foreach (var line in events)
            {
                console.WriteLine(line);
            }

            shown = count;
            console.WriteLine(Line(status));
        }

        return status;
    }

    private static async Task<bool> WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Line(DemoStatus s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Elapsed.TotalSeconds,5:0.0}s  pods {s.Pods}  pending {s.Pending}  reserved {s.Reserved}  launching {s.Launching}  bound {s.Bound}  nodes {s.NodesByType.Values.Sum()}  ${s.CostPerHour:0.0000}/h  [{string.Join(", ", s.NodesByType.Select(n => $"{n.Key}×{n.Value}"))}]");

    private static Rows Render(DemoStatus s, DemoLog log)
    {
        var pods = new Table().Border(TableBorder.Rounded).Title(string.Create(CultureInfo.InvariantCulture, $"extender demo · {s.Elapsed.TotalSeconds:0.0}s"));
        foreach (var column in (string[])["pods", "pending", "reserved", "launching", "bound", "nodes", "$/hour"])
        {
            pods.AddColumn(new TableColumn(column).RightAligned());
        }

        pods.AddRow(Cell(s.Pods), Cell(s.Pending), Cell(s.Reserved), Cell(s.Launching), Cell(s.Bound), Cell(s.NodesByType.Values.Sum()), s.CostPerHour.ToString("0.0000", CultureInfo.InvariantCulture));
        var nodes = new Table().Border(TableBorder.Simple).AddColumn("instance type").AddColumn(new TableColumn("nodes").RightAligned());
        foreach (var (type, count) in s.NodesByType)
        {
            nodes.AddRow(Markup.Escape(type), Cell(count));
        }

        var recent = log.Recent(EventsShown);
        return recent.Count == 0
            ? new Rows(pods, nodes)
            : new Rows(pods, nodes, new Panel(new Rows(recent.Select(e => new Text(e)))).Header("sidecar warnings (all in the log file)").Expand());
    }

    private static string Cell(int value) => value.ToString(CultureInfo.InvariantCulture);
}
