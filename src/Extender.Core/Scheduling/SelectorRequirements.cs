using System.Globalization;
using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>One selector requirement against a label set, with the semantics of apimachinery's <c>labels.Requirement</c>.</summary>
internal static class SelectorRequirements
{
    /// <summary>
    /// In/NotIn/Exists/DoesNotExist for every selector; Gt/Lt (one integer value, integer label) only when
    /// <paramref name="allowNumeric"/> (node selectors). Unknown operators and malformed values match nothing.
    /// </summary>
    public static bool Matches(NodeSelectorRequirement requirement, IReadOnlyDictionary<string, string> labels, bool allowNumeric) =>
        Matches(requirement, labels.TryGetValue(requirement.Key, out var value) ? value : null, allowNumeric);

    /// <summary>The same decision from the value of the requirement's key alone; null when the label is absent.</summary>
    public static bool Matches(NodeSelectorRequirement requirement, string? value, bool allowNumeric) => requirement.Operator switch
    {
        "In" => value is not null && Contains(requirement.Values, value),
        "NotIn" => value is null || !Contains(requirement.Values, value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" when allowNumeric => value is not null && Compare(requirement.Values, value) is > 0,
        "Lt" when allowNumeric => value is not null && Compare(requirement.Values, value) is < 0,
        _ => false,
    };

    public static bool MatchesAll(IReadOnlyList<NodeSelectorRequirement> requirements, IReadOnlyDictionary<string, string> labels, bool allowNumeric)
    {
        for (var i = 0; i < requirements.Count; i++)
        {
            if (!Matches(requirements[i], labels, allowNumeric))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }

        return false;
    }

    // Sign of (label - bound), or null when either side is not an integer.
    private static int? Compare(IReadOnlyList<string> values, string label) =>
        values.Count == 1
        && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
        && long.TryParse(label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
            ? actual.CompareTo(bound)
            : null;
}
