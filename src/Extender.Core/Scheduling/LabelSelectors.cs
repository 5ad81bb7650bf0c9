using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>Label selector matching as apimachinery's <c>metav1.LabelSelectorAsSelector</c>.</summary>
public static class LabelSelectors
{
    /// <summary>
    /// A null selector matches nothing (a pod affinity term without a selector selects no pods); an empty one
    /// matches everything; otherwise every matchLabels entry and every matchExpressions requirement must hold.
    /// </summary>
    public static bool Matches(LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
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

        return SelectorRequirements.MatchesAll(selector.MatchExpressions, labels, allowNumeric: false);
    }
}
