using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>Evaluates a structured <c>LabelSelector</c> (matchLabels and matchExpressions, ANDed) as apimachinery does.</summary>
internal static class LabelSelectors
{
    /// <summary>Null matches nothing; an empty selector matches everything (policy/v1's PodDisruptionBudget semantics).</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
