using System.Text.Json;
using Extender.Core.Planning;

namespace Extender.Planning;

/// <summary>Writes a plan as the single JSON object interfaces.md defines.</summary>
internal static class PlanJson
{
    public static void Write(Stream output, Plan plan, double solveMilliseconds)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("nodes");
        foreach (var node in plan.NewNodes)
        {
            json.WriteStartObject();
            json.WriteString("name", node.Name);
            json.WriteString("nodePool", node.NodePool);
            json.WriteString("instanceType", node.InstanceType);
            WriteStrings(json, "instanceTypeOptions", node.InstanceTypeOptions);
            json.WriteString("capacityType", node.CapacityType);
            json.WriteString("zone", node.Zone);
            json.WriteNumber("pricePerHour", node.PricePerHour);
            WriteStrings(json, "pods", node.Pods.Select(p => p.Key));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("existingNodes");
        foreach (var placement in plan.ExistingNodes.Concat(plan.InFlight))
        {
            json.WriteStartObject();
            json.WriteString("name", placement.Name);
            WriteStrings(json, "pods", placement.Pods.Select(p => p.Key));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("unschedulable");
        foreach (var pod in plan.Unschedulable)
        {
            json.WriteStartObject();
            json.WriteString("pod", pod.Pod.Key);
            json.WriteString("reason", pod.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("totalPricePerHour", plan.TotalPricePerHour);
        json.WriteNumber("solveMilliseconds", Math.Round(solveMilliseconds, 1));
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
