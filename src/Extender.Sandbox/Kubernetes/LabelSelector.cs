namespace Extender.Sandbox.Kubernetes;

/// <summary>A parsed <c>labelSelector</c> query parameter; every requirement must match.</summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    /// <exception cref="ApiException">The selector is malformed.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector([.. SplitTopLevel(text).Select(ParseRequirement)]);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement ParseRequirement(string raw)
    {
        var term = raw.Trim();
        if (term.StartsWith('!'))
        {
            return new(RequireKey(term[1..], raw), LabelOperator.DoesNotExist, new HashSet<string>());
        }

        foreach (var (word, op) in new[] { (" notin ", LabelOperator.NotIn), (" in ", LabelOperator.In) })
        {
            var at = term.IndexOf(word, StringComparison.Ordinal);
            if (at > 0)
            {
                var set = term[(at + word.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw ApiException.BadRequest($"unable to parse requirement \"{raw}\": expected a value set in parentheses");
                }

                var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new(RequireKey(term[..at], raw), op, values.ToHashSet(StringComparer.Ordinal));
            }
        }

        foreach (var (symbol, op) in new[] { ("!=", LabelOperator.NotIn), ("==", LabelOperator.In), ("=", LabelOperator.In) })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = term[(at + symbol.Length)..].Trim();
                return new(RequireKey(term[..at], raw), op, new HashSet<string>(StringComparer.Ordinal) { value });
            }
        }

        return new(RequireKey(term, raw), LabelOperator.Exists, new HashSet<string>());
    }

    private static string RequireKey(string key, string raw)
    {
        var trimmed = key.Trim();
        return trimmed.Length == 0 || trimmed.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '=')
            ? throw ApiException.BadRequest($"unable to parse requirement \"{raw}\": invalid label key \"{trimmed}\"")
            : trimmed;
    }
}
