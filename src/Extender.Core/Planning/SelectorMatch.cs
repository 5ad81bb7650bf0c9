using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>Label selector matching for pod (anti-)affinity and topology spread selectors.</summary>
internal static class SelectorMatch
{
    public static bool Matches(LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
        // A null selector selects nothing, an empty one everything (apimachinery's LabelSelectorAsSelector).
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in selector.MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var expression in selector.MatchExpressions)
        {
            var present = labels.TryGetValue(expression.Key, out var actual);
            var ok = expression.Operator switch
            {
                "In" => present && expression.Values.Contains(actual!),
                "NotIn" => !present || !expression.Values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static string Canonical(LabelSelector? selector)
    {
        if (selector is null)
        {
            return "<none>";
        }

        var labels = selector.MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value);
        var expressions = selector.MatchExpressions
            .Select(e => e.Key + " " + e.Operator + " " + string.Join(",", e.Values.Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);
        return string.Join(";", labels) + "|" + string.Join(";", expressions);
    }
}
