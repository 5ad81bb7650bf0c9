using System.Globalization;
using Extender.Core.Planning;
using Spectre.Console;

namespace Extender.Planning;

/// <summary>Renders a plan for people: new nodes with prices and a total, placements on existing capacity, and unschedulable pods.</summary>
internal static class PlanTable
{
    public static void Write(IAnsiConsole console, Plan plan, double solveMilliseconds, string? note)
    {
        var nodes = new Table().Title("New nodes").AddColumns("Node", "NodePool", "Instance type", "Zone", "Capacity", "$/hour", "Pods", "Fallback options");
        foreach (var node in plan.NewNodes)
        {
            nodes.AddRow(
                Markup.Escape(node.Name), Markup.Escape(node.NodePool), Markup.Escape(node.InstanceType), Markup.Escape(node.Zone),
                Markup.Escape(node.CapacityType), Price(node.PricePerHour), node.Pods.Count.ToString(CultureInfo.InvariantCulture),
                node.InstanceTypeOptions.Count.ToString(CultureInfo.InvariantCulture));
        }

        nodes.AddEmptyRow();
        nodes.AddRow("[bold]Total[/]", "", "", "", "", $"[bold]{Price(plan.TotalPricePerHour)}[/]",
            plan.NewNodes.Sum(n => n.Pods.Count).ToString(CultureInfo.InvariantCulture), "");
        console.Write(nodes);

        if (plan.ExistingNodes.Count + plan.InFlight.Count > 0)
        {
            var existing = new Table().Title("Existing capacity").AddColumns("Node", "Pods");
            foreach (var placement in plan.ExistingNodes.Concat(plan.InFlight))
            {
                existing.AddRow(Markup.Escape(placement.Name), placement.Pods.Count.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(existing);
        }

        if (plan.Unschedulable.Count > 0)
        {
            var unschedulable = new Table().Title("Unschedulable").AddColumns("Pod", "Reason");
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

    private static string Price(decimal price) => "$" + price.ToString("0.0000", CultureInfo.InvariantCulture);
}
