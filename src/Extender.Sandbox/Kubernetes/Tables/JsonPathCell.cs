using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Tables;

/// <summary>
/// The JSONPath subset CRD <c>additionalPrinterColumns</c> use: <c>.a.b</c>, <c>[N]</c>, <c>[*]</c> and filters
/// <c>[?(@.field=="value")]</c>. Several matches print comma-separated, as kubectl's JSONPath printer does; none is null
/// (kubectl prints <c>&lt;none&gt;</c>).
/// </summary>
internal static class JsonPathCell
{
    public static JsonNode? Read(JsonNode? root, string path)
    {
        IEnumerable<JsonNode?> current = [root];
        var rest = path.Trim().TrimStart('{').TrimEnd('}');
        while (rest.Length > 0)
        {
            if (rest.StartsWith('.'))
            {
                var end = rest.IndexOfAny(['.', '['], 1);
                var name = end < 0 ? rest[1..] : rest[1..end];
                rest = end < 0 ? "" : rest[end..];
                current = current.Select(n => n is JsonObject o ? o[name] : null);
            }
            else if (rest.StartsWith('['))
            {
                var end = rest.IndexOf(']', StringComparison.Ordinal);
                if (rest.StartsWith("[?(", StringComparison.Ordinal))
                {
                    end = rest.IndexOf(")]", StringComparison.Ordinal) + 1;
                }

                var selector = rest[1..end];
                rest = rest[(end + 1)..];
                current = current.SelectMany(n => Select(n as JsonArray, selector));
            }
            else
            {
                return null;
            }
        }

        var values = current.Where(n => n is not null).ToList();
        return values.Count switch
        {
            0 => null,
            1 => values[0]!.DeepClone(),
            _ => string.Join(",", values.Select(v => v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v!.ToJsonString())),
        };
    }

    private static IEnumerable<JsonNode?> Select(JsonArray? array, string selector)
    {
        if (array is null)
        {
            return [];
        }

        if (selector == "*")
        {
            return array;
        }

        if (int.TryParse(selector, out var index))
        {
            return index >= 0 && index < array.Count ? [array[index]] : [];
        }

        // ?(@.field=="value")
        var filter = selector.TrimStart('?').Trim('(', ')');
        var equals = filter.IndexOf("==", StringComparison.Ordinal);
        if (!filter.StartsWith("@.", StringComparison.Ordinal) || equals < 0)
        {
            return [];
        }

        var field = filter[2..equals];
        var expected = filter[(equals + 2)..].Trim().Trim('"', '\'');
        return array.Where(item => item is JsonObject o && o[field] is JsonValue v && v.ToString() == expected);
    }
}
