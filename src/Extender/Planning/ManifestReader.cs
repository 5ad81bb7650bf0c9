using System.Text.Json;
using System.Text.Json.Nodes;
using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace Extender.Planning;

/// <summary>
/// Reads Kubernetes manifests (YAML multi-document, <c>kind: List</c>, or JSON) into typed objects. YAML is parsed
/// once into a JSON tree and each object is deserialized with KubernetesClient's System.Text.Json options: the typed
/// YAML deserializer is many times slower on thousands of pods.
/// </summary>
internal static class ManifestReader
{
    private static readonly Dictionary<string, Func<string, object>> Types = new(StringComparer.Ordinal)
    {
        ["v1/Pod"] = json => KubernetesJson.Deserialize<V1Pod>(json),
        ["v1/Node"] = json => KubernetesJson.Deserialize<V1Node>(json),
        ["apps/v1/Deployment"] = json => KubernetesJson.Deserialize<V1Deployment>(json),
        ["apps/v1/ReplicaSet"] = json => KubernetesJson.Deserialize<V1ReplicaSet>(json),
        ["apps/v1/StatefulSet"] = json => KubernetesJson.Deserialize<V1StatefulSet>(json),
        ["apps/v1/DaemonSet"] = json => KubernetesJson.Deserialize<V1DaemonSet>(json),
        ["batch/v1/Job"] = json => KubernetesJson.Deserialize<V1Job>(json),
        [$"{NodePoolResource.Group}/{NodePoolResource.Version}/{NodePoolResource.KindName}"] = json => KubernetesJson.Deserialize<NodePoolResource>(json),
        [$"{NodePoolResource.KarpenterApiVersion}/{NodePoolResource.KindName}"] = json => KubernetesJson.Deserialize<NodePoolResource>(json),
    };

    public static List<object> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"{path}: cannot read the file: {e.Message}", e);
        }

        var items = new List<(JsonObject? Item, long Line)>();
        foreach (var (document, line) in Documents(text, path))
        {
            if (document is JsonObject root && (string?)Field(root, "kind") == "List")
            {
                foreach (var item in root["items"] as JsonArray ?? [])
                {
                    items.Add((item as JsonObject, line));
                }
            }
            else if (document is not null)
            {
                items.Add((document as JsonObject, line));
            }
        }

        // Objects are independent: deserialize them on every core, then report the first bad one in file order.
        var results = new object?[items.Count];
        var errors = new PlanInputException?[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            try
            {
                results[i] = Deserialize(items[i].Item, path, items[i].Line);
            }
            catch (PlanInputException e)
            {
                errors[i] = e;
            }
        });
        if (Array.Find(errors, e => e is not null) is { } first)
        {
            throw first;
        }

        return [.. results.Select(r => r!)];
    }

    private static List<(JsonNode? Document, long Line)> Documents(string text, string path)
    {
        try
        {
            return ParallelYaml.Parse(text);
        }
        catch (YamlException e)
        {
            throw new PlanInputException($"{path}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner reports some malformed flow collections this way, without a position.
            throw new PlanInputException($"{path}: not valid YAML: {e.Message}", e);
        }
    }

    private static object Deserialize(JsonObject? item, string path, long line)
    {
        if (item is null)
        {
            throw new PlanInputException($"{path}: document at line {line}: expected a Kubernetes object (a mapping with apiVersion and kind)");
        }

        var key = $"{Field(item, "apiVersion")}/{Field(item, "kind")}";
        var name = Describe(item);
        if (!Types.TryGetValue(key, out var deserialize))
        {
            throw new PlanInputException($"{path}: {name}: unsupported apiVersion/kind {key} (supported: {string.Join(", ", Types.Keys)})");
        }

        try
        {
            return deserialize(item.ToJsonString());
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 1 } p ? $"field {p.TrimStart('$', '.')}: " : "";
            throw new PlanInputException($"{path}: {name}: {field}{e.InnerException?.Message ?? e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new PlanInputException($"{path}: {name}: {e.Message}", e);
        }
    }

    private static string Describe(JsonObject item)
    {
        var metadata = item["metadata"] as JsonObject;
        var ns = metadata is null ? null : Field(metadata, "namespace");
        var name = metadata is null ? null : Field(metadata, "name");
        return $"{Field(item, "kind") ?? "object"} {(ns is null ? "" : ns + "/")}{name ?? "(unnamed)"}";
    }

    private static string? Field(JsonObject item, string name) =>
        item[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
