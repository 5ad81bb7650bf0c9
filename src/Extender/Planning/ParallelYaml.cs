using System.Text;
using System.Text.Json.Nodes;

namespace Extender.Planning;

/// <summary>
/// Parses a YAML stream into the same JSON trees as <see cref="YamlJsonTree.Parse"/>, on every core: the YAML parser
/// is the slowest step of <c>plan</c> on thousands of pods. The text is cut where a cut cannot change the meaning:
/// at document markers (<c>---</c> at the start of a line always starts a document) and before each entry of a
/// top-level <c>items:</c> block sequence written at column 0, as <c>kubectl get -o yaml</c> writes lists (inside an
/// entry every line is indented, a comment or blank). Each entry is parsed alone and put back into its document's
/// <c>items</c>. Anything the cuts could break (an alias to an anchor in another entry, a syntax error, directives,
/// explicit document ends) falls back to the one sequential parse, which also gives errors their true line numbers.
/// </summary>
internal static class ParallelYaml
{
    public static List<(JsonNode? Document, long Line)> Parse(string text)
    {
        var parts = Split(text);
        if (parts is null || parts.Count <= 1)
        {
            return YamlJsonTree.Parse(text);
        }

        var parsed = new List<(JsonNode? Document, long Line)>[parts.Count];
        try
        {
            Parallel.For(0, parts.Count, i => parsed[i] = YamlJsonTree.Parse(parts[i].Text));
        }
        catch (AggregateException)
        {
            return YamlJsonTree.Parse(text);
        }

        return Assemble(parts, parsed) ?? YamlJsonTree.Parse(text);
    }

    private static List<(JsonNode? Document, long Line)>? Assemble(List<YamlPart> parts, List<(JsonNode? Document, long Line)>[] parsed)
    {
        var documents = new List<(JsonNode? Document, long Line)>();
        JsonArray? items = null;
        for (var i = 0; i < parts.Count; i++)
        {
            if (!parts[i].IsItem)
            {
                documents.AddRange(parsed[i].Select(d => (d.Document, d.Line + parts[i].FirstLine - 1)));
                items = parts[i].HasItems && documents.Count > 0 && documents[^1].Document is JsonObject root ? root["items"] as JsonArray : null;
                continue;
            }

            if (items is null || parsed[i] is not [(JsonArray entry, _)])
            {
                return null;
            }

            while (entry.Count > 0)
            {
                var node = entry[0];
                entry.RemoveAt(0);
                items.Add(node);
            }
        }

        return documents;
    }

    /// <summary>The parts to parse apart, in order; null for directives or explicit document ends, whose reach the cuts could change.</summary>
    private static List<YamlPart>? Split(string text)
    {
        var parts = new List<YamlPart> { new("", 1, false, false) };
        var shell = new StringBuilder();
        var (shellIndex, shellLine, hasItems, inItems) = (0, 1, false, false);
        var (itemStart, itemLine, line) = (-1, 0, 0);

        void CloseItem(int at)
        {
            if (itemStart >= 0)
            {
                parts.Add(new YamlPart(text[itemStart..at], itemLine, IsItem: true, HasItems: false));
                itemStart = -1;
            }
        }

        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            var content = text.AsSpan(start, end - start).TrimEnd("\r\n");
            line++;
            var isEntry = content.StartsWith("- ") || content.SequenceEqual("-");
            if (content.StartsWith("%") || IsMarker(content, "..."))
            {
                return null;
            }

            if (IsMarker(content, "---"))
            {
                CloseItem(start);
                parts[shellIndex] = new YamlPart(shell.ToString(), shellLine, IsItem: false, hasItems);
                (shell, shellIndex, shellLine, hasItems, inItems) = (new StringBuilder(), parts.Count, line, false, false);
                parts.Add(parts[0]);
            }
            else if (inItems && isEntry)
            {
                CloseItem(start);
                (itemStart, itemLine) = (start, line);
                start = end;
                continue;
            }
            else if (inItems && (content.IsEmpty || content[0] is ' ' or '\t' or '#'))
            {
                start = end;
                continue;
            }
            else if (inItems)
            {
                CloseItem(start);
                inItems = false;
            }
            else if (!hasItems && IsItemsKey(content) && NextContentIsEntry(text, end))
            {
                (inItems, hasItems) = (true, true);
                shell.Append("items: []\n");
                start = end;
                continue;
            }

            shell.Append(text, start, end - start);
            start = end;
        }

        CloseItem(text.Length);
        parts[shellIndex] = new YamlPart(shell.ToString(), shellLine, IsItem: false, hasItems);
        return parts;
    }

    /// <summary>A document marker: the three characters alone on the line or followed by white space.</summary>
    private static bool IsMarker(ReadOnlySpan<char> line, string marker) =>
        line.StartsWith(marker) && (line.Length == marker.Length || line[marker.Length] is ' ' or '\t');

    private static bool IsItemsKey(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith("items:"))
        {
            return false;
        }

        var rest = line["items:".Length..].TrimStart(" \t");
        return rest.IsEmpty || rest[0] == '#';
    }

    /// <summary>Whether the first line after <paramref name="from"/> that is not blank or a comment is a column-0 sequence entry.</summary>
    private static bool NextContentIsEntry(string text, int from)
    {
        for (var start = from; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            var content = text.AsSpan(start, end - start).TrimEnd("\r\n");
            if (!content.TrimStart(" \t").IsEmpty && content.TrimStart(" \t")[0] != '#')
            {
                return content.StartsWith("- ") || content.SequenceEqual("-");
            }

            start = end;
        }

        return false;
    }
}
