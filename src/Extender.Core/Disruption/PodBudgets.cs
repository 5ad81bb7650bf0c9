using Extender.Core.Cluster;
using Extender.Core.Scheduling;

namespace Extender.Core.Disruption;

/// <summary>A PodDisruptionBudget as a disruption decision reads it: whom it selects, and how many evictions it allows now.</summary>
/// <param name="Namespace">Its namespace: it selects pods of that namespace only.</param>
/// <param name="Name">Its name.</param>
/// <param name="Selector"><c>spec.selector</c>; null selects nothing, empty selects every pod of the namespace (policy/v1).</param>
/// <param name="DisruptionsAllowed"><c>status.disruptionsAllowed</c>, as the disruption controller last computed it.</param>
public sealed record PodBudget(string Namespace, string Name, LabelSelector? Selector, int DisruptionsAllowed);

/// <summary>
/// The cluster's PodDisruptionBudgets, as Karpenter's <c>pdb.Limits</c> reads them when it picks candidates: a node is
/// not disrupted while one of its pods could not be evicted now: a budget that selects it allows no disruption, or
/// several budgets select it (the Eviction API refuses such a pod whatever they allow). Pods the drain does not
/// evict (finished, already terminating, static) do not count. Only graceful disruptions ask (emptiness, drift,
/// consolidation); expiry and interruption do not, and the drain honours the budgets in every case.
/// </summary>
public sealed class PodBudgets
{
    private readonly ILookup<string, PodBudget> _byNamespace;

    public PodBudgets(IEnumerable<PodBudget> budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        _byNamespace = budgets.ToLookup(b => b.Namespace, StringComparer.Ordinal);
    }

    public static PodBudgets None { get; } = new([]);

    /// <summary>Why <paramref name="pod"/> cannot be evicted now, or null when it can (or the drain would not evict it).</summary>
    public string? Blocks(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.IsFinished || pod.Terminating || pod.OwnerKind == "Node" || !_byNamespace.Contains(pod.Namespace))
        {
            return null;
        }

        var selecting = _byNamespace[pod.Namespace].Where(b => LabelSelectors.Matches(b.Selector, pod.Labels)).ToList();
        return selecting switch
        {
            [] => null,
            [{ DisruptionsAllowed: > 0 }] => null,
            [var only] => $"PodDisruptionBudget {only.Namespace}/{only.Name} allows no disruption of pod {pod.Key}",
            _ => $"pod {pod.Key} is selected by {selecting.Count} PodDisruptionBudgets ({string.Join(", ", selecting.Select(b => b.Name).Order(StringComparer.Ordinal))}), which the Eviction API refuses",
        };
    }
}
