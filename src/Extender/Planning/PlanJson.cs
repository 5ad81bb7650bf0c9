using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Extender.Core.Planning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Extender.Planning;

/// <summary>Writes a plan as the single JSON object interfaces.md defines, or the same object as YAML.</summary>
internal static partial class PlanJson
{
    /// <summary>The JSON object as one YAML document: same fields, same order, so either can be scripted against.</summary>
    public static void WriteYaml(Stream output, Plan plan, double solveMilliseconds)
    {
        using var json = new MemoryStream();
        Write(json, plan, solveMilliseconds);
        var stream = new YamlStream(new YamlDocument(ToYaml(JsonNode.Parse(json.ToArray()))));
        using var writer = new StreamWriter(output, leaveOpen: true);
        stream.Save(writer, assignAnchors: false);
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject o => new YamlMappingNode(o.Select(p => KeyValuePair.Create<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        JsonArray a => new YamlSequenceNode(a.Select(ToYaml)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        null => new YamlScalarNode("null"),
        _ => new YamlScalarNode(node.ToJsonString()),
    };

    /// <summary>Names stay plain; anything YAML could read as another type (a number, <c>no</c>, an empty string) is quoted.</summary>
    private static YamlScalarNode Scalar(string text) =>
        PlainString().IsMatch(text) && !YamlKeywords.Contains(text)
            ? new YamlScalarNode(text)
            : new YamlScalarNode(text) { Style = ScalarStyle.DoubleQuoted };

    private static readonly HashSet<string> YamlKeywords = new(["true", "false", "null", "yes", "no", "on", "off", "y", "n"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9./_-]*$")]
    private static partial Regex PlainString();

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
