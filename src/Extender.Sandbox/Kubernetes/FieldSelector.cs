using System.Text.Json;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>path=value</c>, <c>path==value</c> and <c>path!=value</c> terms over any dotted
/// path of the object (<c>metadata.name</c>, <c>metadata.namespace</c>, <c>spec.nodeName</c>, <c>status.phase</c>, ...).
/// A missing field reads as the empty string, as in the real API server (<c>spec.nodeName=</c> selects unbound pods).
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, string Value, bool Equal)> _terms;

    private FieldSelector(IReadOnlyList<(string Path, string Value, bool Equal)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => _terms.Count == 0;

    /// <exception cref="ApiException">The selector is malformed.</exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new FieldSelector([.. text.Split(',').Select(ParseTerm)]);
    }

    public bool Matches(StoredObject obj)
    {
        foreach (var (path, value, equal) in _terms)
        {
            if (string.Equals(obj.Field(path, Read), value, StringComparison.Ordinal) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Path, string Value, bool Equal) ParseTerm(string raw)
    {
        foreach (var (symbol, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = raw.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
            {
                return (raw[..at].Trim(), raw[(at + symbol.Length)..].Trim(), equal);
            }
        }

        throw ApiException.BadRequest($"invalid field selector term \"{raw}\": expected field=value or field!=value");
    }

    private static string Read(ReadOnlyMemory<byte> json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return "";
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };
    }
}
