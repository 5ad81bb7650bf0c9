using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// An object as stored: its serialized JSON (unknown fields survive; bytes are shared by lists and every watcher)
/// plus the few fields the server filters and collects garbage on.
/// </summary>
internal sealed record StoredObject(string? Namespace, string Name, long ResourceVersion, IReadOnlyDictionary<string, string> Labels, byte[] Json)
{
    public string Uid { get; init; } = "";

    /// <summary>The uids of <c>metadata.ownerReferences</c>: the owners whose deletion collects this object.</summary>
    public IReadOnlyList<string> OwnerUids { get; init; } = [];

    // Every watcher with a field selector reads the same few paths of each change: the object is parsed for a path once.
    private readonly ConcurrentDictionary<string, string> _fields = new(StringComparer.Ordinal);

    /// <summary>The value at the dotted <paramref name="path"/> as <paramref name="read"/> finds it in the JSON, read once per path.</summary>
    public string Field(string path, Func<ReadOnlyMemory<byte>, string, string> read) => _fields.GetOrAdd(path, (p, json) => read(json, p), Json);

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
            System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()))
        {
            Uid = (string?)metadata["uid"] ?? "",
            OwnerUids = metadata["ownerReferences"] is JsonArray owners ? [.. owners.Select(o => (string?)o?["uid"] ?? "").Where(u => u.Length > 0)] : [],
        };
    }
}
