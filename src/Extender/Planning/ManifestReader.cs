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
        ["v1/Namespace"] = json => KubernetesJson.Deserialize<V1Namespace>(json),
        ["apps/v1/Deployment"] = json => KubernetesJson.Deserialize<V1Deployment>(json),
        ["apps/v1/ReplicaSet"] = json => KubernetesJson.Deserialize<V1ReplicaSet>(json),
        ["apps/v1/StatefulSet"] = json => KubernetesJson.Deserialize<V1StatefulSet>(json),
        ["apps/v1/DaemonSet"] = json => KubernetesJson.Deserialize<V1DaemonSet>(json),
        ["batch/v1/Job"] = json => KubernetesJson.Deserialize<V1Job>(json),
        ["batch/v1/CronJob"] = json => KubernetesJson.Deserialize<V1CronJob>(json),
        [$"{NodePoolResource.Group}/{NodePoolResource.Version}/{NodePoolResource.KindName}"] = json => KubernetesJson.Deserialize<NodePoolResource>(json),
        [$"{NodePoolResource.KarpenterApiVersion}/{NodePoolResource.KindName}"] = json => KubernetesJson.Deserialize<NodePoolResource>(json),
    };

    /// <summary>Reads a file, every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file of a directory (not its
    /// subdirectories, as <c>kubectl apply -f DIR</c>), or standard input when <paramref name="path"/> is <c>-</c>.</summary>
    public static List<object> Read(string path)
    {
        var items = new List<(JsonObject? Item, string Source, long Line)>();
        foreach (var (source, text) in Sources(path))
        {
            foreach (var (document, line) in Documents(text, source))
            {
                if (document is JsonObject root && (string?)Field(root, "kind") == "List")
                {
                    foreach (var item in root["items"] as JsonArray ?? [])
                    {
                        items.Add((item as JsonObject, source, line));
                    }
                }
                else if (document is not null)
                {
                    items.Add((document as JsonObject, source, line));
                }
            }
        }

        // Objects are independent: deserialize them on every core, then report the first bad one in file order.
        var results = new object?[items.Count];
        var errors = new PlanInputException?[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            try
            {
                results[i] = Deserialize(items[i].Item, items[i].Source, items[i].Line);
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

    private static IEnumerable<(string Source, string Text)> Sources(string path)
    {
        if (path == "-")
        {
            yield return ("<stdin>", Console.In.ReadToEnd());
            yield break;
        }

        string[] files;
        try
        {
            files = Directory.Exists(path)
                ? [.. Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)]
                : [path];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"{path}: cannot read the directory: {e.Message}", e);
        }

        if (files.Length == 0)
        {
            throw new PlanInputException($"{path}: the directory holds no .yaml, .yml or .json file");
        }

        foreach (var file in files)
        {
            yield return (file, ReadText(file));
        }
    }

    /// <summary>The file's text; a file that cannot be read is a <see cref="PlanInputException"/> naming it.</summary>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"{path}: cannot read the file: {e.Message}", e);
        }
    }

    private static List<(JsonNode? Document, long Line)> Documents(string text, string path)
    {
        try
        {
            return ParallelYaml.Parse(text);
        }
        catch (YamlException e)
        {
            // The scanner's end mark is where it found the problem (a tab, an unclosed bracket); its start is
            // where the token it was reading began, often a line earlier.
            throw new PlanInputException($"{path}: line {e.End.Line}, column {e.End.Column}: {e.InnerException?.Message ?? e.Message}", e);
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
            // A Service, ConfigMap or CRD object next to the workloads (helm template, kustomize build) carries no
            // pods: skipped and named in a note, so a whole release can be planned without filtering it first.
            // A kind we read under an apiVersion we do not (apps/v1beta1 Deployment) is an error, not a skip.
            var kind = Field(item, "kind");
            return Field(item, "apiVersion") is not { Length: > 0 } || kind is not { Length: > 0 }
                ? throw new PlanInputException($"{path}: {name} (line {line}): apiVersion and kind are required")
                : Types.Keys.Any(k => k.EndsWith("/" + kind, StringComparison.Ordinal))
                    ? throw new PlanInputException($"{path}: {name}: unsupported apiVersion/kind {key} (supported: {string.Join(", ", Types.Keys)})")
                    : new SkippedObject(name);
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
            // The client's quantity converter throws without a position ("The string '1.5 cor' cannot be converted
            // to fraction"); the quoted value leads back to the field that holds it.
            var quoted = e.Message.Split('\'') is { Length: >= 3 } parts ? parts[1] : null;
            var field = quoted is null ? null : PathOf(item, quoted);
            throw new PlanInputException(field is null
                ? $"{path}: {name}: {e.Message}"
                : $"{path}: {name}: {field}: \"{quoted}\" is not a valid value here (a quantity looks like 500m, 1.5 or 2Gi)", e);
        }
    }

    /// <summary>The path (<c>spec.containers[0].resources.requests.cpu</c>) of the first string equal to <paramref name="value"/>.</summary>
    private static string? PathOf(JsonNode? node, string value, string at = "") => node switch
    {
        JsonObject o => o.Select(p => PathOf(p.Value, value, at.Length == 0 ? p.Key : $"{at}.{p.Key}")).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select((n, i) => PathOf(n, value, $"{at}[{i}]")).FirstOrDefault(f => f is not null),
        JsonValue v when v.TryGetValue<string>(out var text) && text == value => at,
        _ => null,
    };

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

/// <summary>An object of a kind that carries no pods (Service, ConfigMap, ...): skipped, and named in a note.</summary>
internal sealed record SkippedObject(string Description);
