using System.Text.Json;
using Extender.Endpoints.Wire;

namespace Extender.Endpoints.Filter;

/// <summary>
/// Writes <c>ExtenderFilterResult</c> exactly as Go's encoder would for upstream's untagged struct: keys
/// <c>Nodes</c>, <c>NodeNames</c>, <c>FailedNodes</c>, <c>FailedAndUnresolvableNodes</c>, <c>Error</c> in that order,
/// the unused pass list as <c>null</c>. The pass list takes the request's form: names for names (written from the
/// request's UTF-8 without a string per name), and for full nodes the very bytes received.
/// </summary>
internal static class FilterResultWriter
{
    private static readonly JsonEncodedText NodesKey = JsonEncodedText.Encode("Nodes");
    private static readonly JsonEncodedText NodeNamesKey = JsonEncodedText.Encode("NodeNames");
    private static readonly JsonEncodedText FailedNodesKey = JsonEncodedText.Encode("FailedNodes");
    private static readonly JsonEncodedText UnresolvableKey = JsonEncodedText.Encode("FailedAndUnresolvableNodes");
    private static readonly JsonEncodedText ErrorKey = JsonEncodedText.Encode("Error");
    private static readonly JsonEncodedText MetadataKey = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText ItemsKey = JsonEncodedText.Encode("items");

    public static void Write(Utf8JsonWriter writer, ExtenderArgs args, ReadOnlySpan<NodeVerdict> verdicts)
    {
        using var fragment = new RawJson(writer.Options.Encoder);
        writer.WriteStartObject();
        if (args.Nodes is { } nodes)
        {
            writer.WriteStartObject(NodesKey);
            writer.WriteStartObject(MetadataKey);
            writer.WriteEndObject();
            writer.WriteStartArray(ItemsKey);
            for (var i = 0; i < verdicts.Length; i++)
            {
                if (verdicts[i].Passes)
                {
                    // The bytes were validated when the request was parsed.
                    writer.WriteRawValue(nodes[i].Json.Span, skipInputValidation: true);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteNull(NodeNamesKey);
        }
        else
        {
            writer.WriteNull(NodesKey);
            writer.WritePropertyName(NodeNamesKey);
            WritePassingNames(writer, args.NodeNames!, verdicts, fragment);
        }

        // Reasons come from a handful of texts (taint reasons are separate but equal strings per node); each text is
        // encoded once per answer, not once per node.
        var encoded = new Dictionary<string, JsonEncodedText>(StringComparer.Ordinal);
        writer.WritePropertyName(FailedNodesKey);
        WriteReasons(writer, args, verdicts, encoded, fragment, unresolvable: false);
        writer.WritePropertyName(UnresolvableKey);
        WriteReasons(writer, args, verdicts, encoded, fragment, unresolvable: true);
        writer.WriteString(ErrorKey, "");
        writer.WriteEndObject();
    }

    // The array is composed as raw JSON: thousands of names each checked and escaped by the writer cost more than
    // the rest of the answer.
    private static void WritePassingNames(Utf8JsonWriter writer, NodeNameList names, ReadOnlySpan<NodeVerdict> verdicts, RawJson fragment)
    {
        fragment.Clear();
        fragment.Append((byte)'[');
        var first = true;
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i].Passes)
            {
                if (!first)
                {
                    fragment.Append((byte)',');
                }

                fragment.AppendString(names[i]);
                first = false;
            }
        }

        fragment.Append((byte)']');
        writer.WriteRawValue(fragment.Written, skipInputValidation: true);
    }

    private static void WriteReasons(
        Utf8JsonWriter writer,
        ExtenderArgs args,
        ReadOnlySpan<NodeVerdict> verdicts,
        Dictionary<string, JsonEncodedText> encoded,
        RawJson fragment,
        bool unresolvable)
    {
        fragment.Clear();
        fragment.Append((byte)'{');
        string? last = null;
        var text = default(JsonEncodedText);
        var first = true;
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i] is not { Reason: { } reason } verdict || verdict.Unresolvable != unresolvable)
            {
                continue;
            }

            // Neighbouring nodes mostly fail with the very same string, which spares the text lookup.
            if (!ReferenceEquals(reason, last))
            {
                if (!encoded.TryGetValue(reason, out text))
                {
                    text = fragment.Encode(reason);
                    encoded.Add(reason, text);
                }

                last = reason;
            }

            if (!first)
            {
                fragment.Append((byte)',');
            }

            if (args.NodeNames is { } names)
            {
                fragment.AppendString(names[i]);
            }
            else
            {
                fragment.AppendEncoded(fragment.Encode(args.Nodes![i].Name));
            }

            fragment.Append((byte)':');
            fragment.AppendEncoded(text);
            first = false;
        }

        fragment.Append((byte)'}');
        writer.WriteRawValue(fragment.Written, skipInputValidation: true);
    }
}
