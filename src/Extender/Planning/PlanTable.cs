using System.Globalization;
using Extender.Core.Planning;
using Spectre.Console;

namespace Extender.Planning;

/// <summary>Renders a plan for people: new nodes with prices and a total, placements on existing capacity, and unschedulable pods.</summary>
internal static class PlanTable
{
    /// <summary>The console the table is drawn on: the terminal's width and colours, or, when the output is piped or
    /// <c>NO_COLOR</c> is set, no escape codes and a width no name has to be broken for.</summary>
    public static Func<Stream, IAnsiConsole> Console(bool redirected) => stream =>
    {
        var plain = redirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(new StreamWriter(stream, leaveOpen: true) { AutoFlush = true }),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = PipedWidth;
        }

        return console;
    };

    /// <summary>Piped output has no terminal to fit; wide enough for every column unbroken.</summary>
    private const int PipedWidth = 200;

    public static void Write(IAnsiConsole console, Plan plan, double solveMilliseconds, string? note)
    {
        // Names never wrap mid-word: the table has kubectl's light frame, and on a terminal narrower than
        // WideTable drops the fallback count (the JSON and YAML outputs carry the options themselves).
        var wide = console.Profile.Width >= WideTable;
        var nodes = Framed(new Table().Title("New nodes"));
        nodes.AddColumns(Column("Node"), Column("NodePool"), Column("Instance type"), Column("Zone"), Column("Capacity"), Column("$/hour").RightAligned(), Column("Pods").RightAligned());
        if (wide)
        {
            nodes.AddColumn(Column("Fallbacks").RightAligned());
        }

        foreach (var node in plan.NewNodes)
        {
            string[] cells =
            [
                Markup.Escape(node.Name), Markup.Escape(node.NodePool), Markup.Escape(node.InstanceType), Markup.Escape(node.Zone),
                Markup.Escape(node.CapacityType), Price(node.PricePerHour), node.Pods.Count.ToString(CultureInfo.InvariantCulture),
                node.InstanceTypeOptions.Count.ToString(CultureInfo.InvariantCulture),
            ];
            nodes.AddRow(wide ? cells : cells[..^1]);
        }

        nodes.AddEmptyRow();
        string[] total = ["[bold]Total[/]", "", "", "", "", $"[bold]{Price(plan.TotalPricePerHour)}[/]", plan.NewNodes.Sum(n => n.Pods.Count).ToString(CultureInfo.InvariantCulture), ""];
        nodes.AddRow(wide ? total : total[..^1]);
        console.Write(nodes);

        if (plan.ExistingNodes.Count + plan.InFlight.Count > 0)
        {
            var existing = Framed(new Table().Title("Existing capacity")).AddColumns(Column("Node"), Column("Pods").RightAligned());
            foreach (var placement in plan.ExistingNodes.Concat(plan.InFlight))
            {
                existing.AddRow(Markup.Escape(placement.Name), placement.Pods.Count.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(existing);
        }

        if (plan.Unschedulable.Count > 0)
        {
            var unschedulable = Framed(new Table().Title("Unschedulable")).AddColumns(Column("Pod"), new TableColumn("Reason"));
            foreach (var pod in plan.Unschedulable)
            {
                unschedulable.AddRow(Markup.Escape(pod.Pod.Key), Markup.Escape(pod.Reason));
            }

            console.Write(unschedulable);
        }

        if (note is not null)
        {
            console.MarkupLine(Markup.Escape(note));
        }

        console.MarkupLine(CultureInfo.InvariantCulture, "{0} new nodes, {1}/hour, solved in {2:0.0} ms",
            plan.NewNodes.Count, Price(plan.TotalPricePerHour), solveMilliseconds);
    }

    /// <summary>The narrowest terminal that shows every column of the new-nodes table.</summary>
    private const int WideTable = 100;

    private static Table Framed(Table table) => table.Border(TableBorder.Simple);

    private static TableColumn Column(string header) => new TableColumn(header).NoWrap().PadLeft(0).PadRight(2);

    private static string Price(decimal price) => "$" + price.ToString("0.0000", CultureInfo.InvariantCulture);
}
