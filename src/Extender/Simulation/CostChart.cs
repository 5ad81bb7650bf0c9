using ScottPlot;

namespace Extender.Simulation;

/// <summary>The day as a picture: cost and its lower bound ($/h, left axis) and pending pods (right axis) over hours.</summary>
internal static class CostChart
{
    public static void Save(SimulationReport report, string path)
    {
        var hours = report.Samples.Select(s => s.Minutes / 60).ToArray();
        var plot = new Plot();
        Line(plot, hours, [.. report.Samples.Select(s => (double)s.CostPerHour)], "cost ($/h)", Colors.FireBrick);
        Line(plot, hours, [.. report.Samples.Select(s => (double)s.BoundPerHour)], "lower bound ($/h)", Colors.SteelBlue);
        var pending = Line(plot, hours, [.. report.Samples.Select(s => (double)s.PendingPods)], "pending pods", Colors.DarkOrange);
        pending.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Bottom.Label.Text = "simulated hours";
        plot.Axes.Left.Label.Text = "$ per hour";
        plot.Axes.Right.Label.Text = "pending pods";
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SaveSvg(path, 1000, 500);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = label;
        return line;
    }
}
