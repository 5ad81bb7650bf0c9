using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Extender.Hosting;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>A container's environment as the kubelet builds it from <c>env</c>, and the configuration .NET reads from it.</summary>
internal static partial class ContainerEnvironment
{
    /// <summary>
    /// <c>value</c> with <c>$(VAR)</c> references to earlier variables expanded, and <c>valueFrom.fieldRef</c> filled from
    /// the pod. Anything else (Secrets, ConfigMaps, resource fields) fails loudly, so a new kind is never silently dropped.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Resolve(JsonObject container, ShippedPod pod)
    {
        var resolved = new List<KeyValuePair<string, string>>();
        foreach (var variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string)variable["name"]!;
            string value;
            if (variable["valueFrom"] is JsonObject from)
            {
                var path = (string?)from["fieldRef"]?["fieldPath"]
                    ?? throw new NotSupportedException($"env {name}: only valueFrom.fieldRef is filled in by the as-shipped harness, not {from.ToJsonString()}");
                value = pod.Field(path) ?? throw new NotSupportedException($"env {name}: the harness does not know the pod field {path}");
            }
            else
            {
                value = Expand((string?)variable["value"] ?? "", resolved);
            }

            resolved.RemoveAll(v => v.Key == name);
            resolved.Add(KeyValuePair.Create(name, value));
        }

        return resolved;
    }

    /// <summary>Variables <c>EXTENDER__SECTION__KEY</c> as the configuration keys <c>SECTION:KEY</c>, as the host's environment source maps them.</summary>
    public static Dictionary<string, string?> Configuration(IEnumerable<KeyValuePair<string, string>> environment) =>
        environment
            .Where(v => v.Key.StartsWith(ExtenderHost.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(v => v.Key[ExtenderHost.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value, StringComparer.OrdinalIgnoreCase);

    // The kubelet expands $(NAME) to an earlier variable's value, leaves unknown references as they are, and $$ escapes.
    private static string Expand(string value, List<KeyValuePair<string, string>> earlier) =>
        Reference().Replace(value, m => m.Value == "$$" ? "$"
            : earlier.LastOrDefault(v => v.Key == m.Groups[1].Value) is { Key: not null } found ? found.Value : m.Value);

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
