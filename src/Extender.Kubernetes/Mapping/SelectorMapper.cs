using Extender.Core.Cluster;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>Label selectors, node selector terms and pod affinity terms.</summary>
public static class SelectorMapper
{
    public static List<NodeSelectorTerm> Terms(IList<V1NodeSelectorTerm>? terms) =>
    [
        .. (terms ?? []).Select(t => new NodeSelectorTerm(Requirements(t.MatchExpressions), Requirements(t.MatchFields))),
    ];

    public static List<PodAffinityTerm> AffinityTerms(IList<V1PodAffinityTerm>? terms) =>
    [
        .. (terms ?? []).Select(t => new PodAffinityTerm(
            Selector(t.LabelSelector), t.TopologyKey ?? "", [.. t.Namespaces ?? []], Selector(t.NamespaceSelector))),
    ];

    public static LabelSelector? Selector(V1LabelSelector? selector) =>
        selector is null
            ? null
            : new LabelSelector(
                new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                [.. (selector.MatchExpressions ?? []).Select(e => new NodeSelectorRequirement(e.Key ?? "", e.OperatorProperty ?? "", [.. e.Values ?? []]))]);

    private static List<NodeSelectorRequirement> Requirements(IList<V1NodeSelectorRequirement>? requirements) =>
        [.. (requirements ?? []).Select(r => new NodeSelectorRequirement(r.Key ?? "", r.OperatorProperty ?? "", [.. r.Values ?? []]))];
}
