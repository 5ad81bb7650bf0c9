using System.Globalization;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>) with per-manager field ownership kept in
/// <c>metadata.managedFields</c> (<c>FieldsV1</c>, upstream's encoding: <c>f:name</c> for fields, <c>k:{"name":"x"}</c>
/// for keyed list elements): the applied configuration merges into the live object, and the fields this manager set
/// last time but leaves out now are removed. Unlike kube-apiserver, ownership is only tracked for Apply operations, so
/// applies never conflict with other writers' fields (<c>--force-conflicts</c> is never needed).
/// </summary>
internal static class ServerSideApply
{
    private static readonly HashSet<string> Unowned = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
    };

    /// <summary>The object after <paramref name="manager"/> applied <paramref name="applied"/> to <paramref name="live"/> (null: a create).</summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool builtIn, DateTimeOffset now, string apiVersion)
    {
        var fields = Fields(applied, builtIn, parent: null, field: null);
        var result = live is null ? new JsonObject() : (JsonObject)live.DeepClone();
        var managed = result["metadata"]?["managedFields"] as JsonArray ?? [];
        var previous = managed.OfType<JsonObject>().FirstOrDefault(m => (string?)m["manager"] == manager && (string?)m["operation"] == "Apply");
        if (previous?["fieldsV1"] is JsonObject owned)
        {
            var keep = Leaves(fields, []).Select(p => string.Join('\u0000', p)).ToList();
            foreach (var path in Leaves(owned, []))
            {
                var joined = string.Join('\u0000', path);
                if (!keep.Any(k => k == joined || k.StartsWith(joined + '\u0000', StringComparison.Ordinal)))
                {
                    Remove(result, path);
                }
            }

            managed.Remove(previous);
        }

        var config = (JsonObject)applied.DeepClone();
        (config["metadata"] as JsonObject)?.Remove("managedFields");
        StrategicMergePatch.Apply(result, config, builtIn);
        managed.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        });
        if (result["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            result["metadata"] = metadata;
        }

        metadata["managedFields"] = managed.DeepClone();
        return result;
    }

    /// <summary>The FieldsV1 set of an applied configuration.</summary>
    private static JsonObject Fields(JsonObject obj, bool builtIn, string? parent, string? field)
    {
        var set = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if ((field is null && Unowned.Contains(name)) || (field == "metadata" && Unowned.Contains(name)) || name.StartsWith('$'))
            {
                continue;
            }

            set["f:" + name] = value switch
            {
                JsonObject child => Fields(child, builtIn, field, name),
                JsonArray list when MergeKeys.Of(builtIn, field, name) is { } key => KeyedElements(list, key, builtIn, name),
                _ => new JsonObject(),
            };
        }

        if (parent is not null || field is not null)
        {
            set["."] = new JsonObject();
        }

        return set;
    }

    private static JsonObject KeyedElements(JsonArray list, string key, bool builtIn, string field)
    {
        var set = new JsonObject { ["."] = new JsonObject() };
        foreach (var element in list.OfType<JsonObject>())
        {
            set[ElementKey(key, element[key])] = Fields(element, builtIn, field, field);
        }

        return set;
    }

    private static string ElementKey(string key, JsonNode? value) => "k:" + new JsonObject { [key] = value?.DeepClone() }.ToJsonString();

    /// <summary>Every owned leaf as a path of FieldsV1 keys; "." marks the owner of a map or element itself.</summary>
    private static IEnumerable<string[]> Leaves(JsonObject set, string[] prefix)
    {
        foreach (var (name, value) in set)
        {
            if (name == ".")
            {
                continue;
            }

            string[] path = [.. prefix, name];
            if (value is JsonObject { Count: > 0 } child && child.Any(c => c.Key != "."))
            {
                foreach (var leaf in Leaves(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static void Remove(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        for (var i = 0; i < path.Length; i++)
        {
            var last = i == path.Length - 1;
            var segment = path[i];
            if (segment.StartsWith("f:", StringComparison.Ordinal) && node is JsonObject map)
            {
                if (last)
                {
                    map.Remove(segment[2..]);
                    return;
                }

                node = map[segment[2..]];
            }
            else if (segment.StartsWith("k:", StringComparison.Ordinal) && node is JsonArray list && JsonNode.Parse(segment[2..]) is JsonObject key)
            {
                var element = list.OfType<JsonObject>().FirstOrDefault(e => key.All(k => JsonNode.DeepEquals(e[k.Key], k.Value)));
                if (last && element is not null)
                {
                    list.Remove(element);
                    return;
                }

                node = element;
            }
            else
            {
                return;
            }
        }
    }
}
