using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) as apimachinery applies it: a merge patch
/// whose lists with a merge key (<see cref="MergeKeys"/>) merge element by element, whose set lists (finalizers) take
/// the union, and whose directives are honoured: <c>$patch: replace|delete</c> on maps and list elements,
/// <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/F</c> and <c>$setElementOrder/F</c> (which only orders, and is
/// dropped: the sandbox keeps the order elements arrive in).
/// </summary>
internal static class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    /// <summary>Patches <paramref name="target"/> in place; with <paramref name="builtIn"/> false (custom resources) every list is atomic.</summary>
    public static void Apply(JsonObject target, JsonObject patch, bool builtIn) => MergeObject(target, patch, builtIn, parent: null);

    private static void MergeObject(JsonObject target, JsonObject patch, bool builtIn, string? parent)
    {
        if ((string?)patch[Directive] == "replace")
        {
            target.Clear();
        }

        foreach (var (name, value) in patch.ToList())
        {
            if (name == Directive || name == RetainKeys || name.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                continue;
            }

            if (name.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = name[DeleteFromPrimitiveList.Length..];
                if (target[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && (string?)patchObject[Directive] == "delete")
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject2)
            {
                if (target[name] is not JsonObject targetObject)
                {
                    targetObject = [];
                    target[name] = targetObject;
                }

                MergeObject(targetObject, patchObject2, builtIn, name);
            }
            else if (value is JsonArray patchList)
            {
                target[name] = MergeList(target[name] as JsonArray, patchList, builtIn, parent, name);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, bool builtIn, string? parent, string field)
    {
        if (patch.Any(e => e is JsonObject o && o.Count == 1 && (string?)o[Directive] == "replace"))
        {
            return new JsonArray([.. patch.Where(e => !(e is JsonObject o && (string?)o[Directive] == "replace")).Select(e => e?.DeepClone())]);
        }

        if (MergeKeys.IsSet(field))
        {
            var union = target?.DeepClone().AsArray() ?? [];
            foreach (var item in patch.Where(i => !union.Any(u => JsonNode.DeepEquals(u, i))))
            {
                union.Add(item?.DeepClone());
            }

            return union;
        }

        if (MergeKeys.Of(builtIn, parent, field) is not { } key || target is null)
        {
            return new JsonArray([.. patch.Where(e => !(e is JsonObject o && (string?)o[Directive] == "delete")).Select(e => Clean(e?.DeepClone()))]);
        }

        var merged = target.DeepClone().AsArray();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var match = merged.OfType<JsonObject>().FirstOrDefault(m => JsonNode.DeepEquals(m[key], element[key]));
            if ((string?)element[Directive] == "delete")
            {
                if (match is not null)
                {
                    merged.Remove(match);
                }
            }
            else if (match is not null)
            {
                MergeObject(match, element, builtIn, field);
            }
            else
            {
                var fresh = new JsonObject();
                MergeObject(fresh, element, builtIn, field);
                merged.Add(fresh);
            }
        }

        return merged;
    }

    /// <summary>A patch element that lands as it is, without any directive it carried.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            var fresh = new JsonObject();
            MergeObject(fresh, obj, builtIn: false, parent: null);
            return fresh;
        }

        return node;
    }
}
