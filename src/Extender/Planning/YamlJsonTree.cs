using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Extender.Planning;

/// <summary>
/// Turns YAML (JSON included) into JSON trees, one per document, straight from the parser's events. Plain scalars
/// become numbers, booleans or null as YAML 1.2's core schema reads them, except under keys whose Kubernetes fields
/// are strings, string lists or string maps (labels, selector values, ...), where <c>version: 1</c> stays the string "1".
/// </summary>
internal static class YamlJsonTree
{
    private static readonly HashSet<string> StringKeys = new(StringComparer.Ordinal)
    {
        "labels", "annotations", "nodeSelector", "matchLabels", "values", "value", "key", "name", "namespace",
        "args", "command", "image", "operator", "effect", "topologyKey", "uid", "resourceVersion", "generateName",
        "hostname", "subdomain", "nodeName", "serviceAccountName", "schedulerName", "priorityClassName",
    };

    public static List<(JsonNode? Document, long Line)> Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var documents = new List<(JsonNode?, long)>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out var start))
        {
            documents.Add((Node(parser, stringContext: false, anchors), start.Start.Line));
            parser.Consume<DocumentEnd>();
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private static JsonNode? Node(IParser parser, bool stringContext, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return Remember(scalar.Anchor, Scalar(scalar, stringContext), anchors);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(Node(parser, stringContext, anchors));
            }

            return Remember(sequenceStart.Anchor, array, anchors);
        }

        var mappingStart = parser.Consume<MappingStart>();
        var mapping = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Current is Scalar keyScalar
                ? keyScalar.Value
                : throw new YamlException(parser.Current!.Start, parser.Current.End, "only plain keys are supported in mappings");
            parser.MoveNext();
            mapping[key] = Node(parser, stringContext || StringKeys.Contains(key), anchors);
        }

        return Remember(mappingStart.Anchor, mapping, anchors);
    }

    private static JsonNode? Remember(AnchorName anchor, JsonNode? node, Dictionary<string, JsonNode?> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static JsonValue? Scalar(Scalar scalar, bool stringContext)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (stringContext)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when IsDecimal(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
            _ => JsonValue.Create(value),
        };
    }

    /// <summary>Digits with a point or exponent: "1e3" is a number, "1Gi", "0x10" or "Infinity" are not.</summary>
    private static bool IsDecimal(string value)
    {
        var digits = false;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (c is not ('.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }

        return digits;
    }
}
