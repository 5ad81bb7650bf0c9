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

        // Pod affinity preparation asks this of hundreds of pods per request; the mappers build plain dictionaries,
        // whose enumerator, unlike the interface's, is not allocated per call.
        var labelsMatch = selector.MatchLabels is Dictionary<string, string> matchLabels
            ? HasAll(matchLabels, labels)
            : selector.MatchLabels.All(l => Has(labels, l.Key, l.Value));
        return labelsMatch && SelectorRequirements.MatchesAll(selector.MatchExpressions, labels, allowNumeric: false);
    }

    private static bool HasAll(Dictionary<string, string> matchLabels, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in matchLabels)
        {
            if (!Has(labels, key, value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Has(IReadOnlyDictionary<string, string> labels, string key, string value) =>
        labels.TryGetValue(key, out var actual) && actual == value;
}
