using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.State;
using k8s.Models;

namespace Extender.Wiring;

/// <summary>
/// The PodDisruptionBudgets from the watch cache, mapped again whenever the cache changes (their
/// <c>status.disruptionsAllowed</c> moves with every pod the disruption controller counts).
/// </summary>
internal sealed class PodBudgetSource : IPodBudgetSource
{
    private readonly IObjectCache<V1PodDisruptionBudget> _cache;
    private PodBudgets _current = PodBudgets.None;

    public PodBudgetSource(IObjectCache<V1PodDisruptionBudget> cache)
    {
        _cache = cache;
        cache.Changed += Refresh;
        Refresh();
    }

    public PodBudgets Current => Volatile.Read(ref _current);

    private void Refresh() => Volatile.Write(ref _current, new PodBudgets(_cache.Items.Select(b => new PodBudget(
        b.Metadata?.NamespaceProperty ?? "",
        b.Metadata?.Name ?? "",
        SelectorMapper.Selector(b.Spec?.Selector),
        b.Status?.DisruptionsAllowed ?? 0))));
}
