using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// Evaluates a structured <c>LabelSelector</c> for the controllers with the same Core matcher the scheduler and the
/// planner use (<see cref="Core.Scheduling.LabelSelectors"/>), so the sandbox cannot judge a selector differently.
/// </summary>
internal static class LabelSelectors
{
    private static readonly Dictionary<string, string> NoLabels = [];

    /// <summary>Null matches nothing; an empty selector matches everything (policy/v1's PodDisruptionBudget semantics).</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels) =>
        Core.Scheduling.LabelSelectors.Matches(
            SelectorMapper.Selector(selector),
            labels switch
            {
                null => NoLabels,
                IReadOnlyDictionary<string, string> readOnly => readOnly,
                _ => new Dictionary<string, string>(labels, StringComparer.Ordinal),
            });
}
