using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>A label selector as text that is equal for equal selectors: part of the keys that group pods and intern terms.</summary>
internal static class SelectorText
{
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
