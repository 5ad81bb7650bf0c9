using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// An object as stored: its serialized JSON (unknown fields survive; bytes are shared by lists and every watcher)
/// plus the few fields the server filters on.
/// </summary>
internal sealed record StoredObject(string? Namespace, string Name, long ResourceVersion, IReadOnlyDictionary<string, string> Labels, byte[] Json)
{
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json)!;

    public static StoredObject From(JsonObject obj, long resourceVersion)
    {
        var metadata = (JsonObject)obj["metadata"]!;
        metadata["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var labels = metadata["labels"] is JsonObject labelObject
            ? labelObject.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new StoredObject(
            (string?)metadata["namespace"],
            (string)metadata["name"]!,
            resourceVersion,
            labels,
            System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()));
    }
}
