using System.Text.RegularExpressions;

namespace Extender.Sandbox.Ec2;

/// <summary>EC2 filter semantics: filters are ANDed, values ORed, <c>*</c> and <c>?</c> are wildcards.</summary>
internal static class Ec2Filters
{
    public static bool Match(
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> filters,
        IReadOnlyDictionary<string, string> tags,
        Func<string, string?> attribute) =>
        filters.All(f => f.Name switch
        {
            "tag-key" => f.Values.Any(v => tags.Keys.Any(k => Wildcard(v, k))),
            _ when f.Name.StartsWith("tag:", StringComparison.Ordinal) =>
                tags.TryGetValue(f.Name[4..], out var tag) && f.Values.Any(v => Wildcard(v, tag)),
            _ => attribute(f.Name) is { } value && f.Values.Any(v => Wildcard(v, value)),
        });

    private static bool Wildcard(string pattern, string value) =>
        pattern.Contains('*', StringComparison.Ordinal) || pattern.Contains('?', StringComparison.Ordinal)
            ? Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1))
            : pattern == value;
}
