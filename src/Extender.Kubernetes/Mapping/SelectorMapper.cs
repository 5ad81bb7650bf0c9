using Extender.Core.Cluster;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>Label selectors, node selector terms and pod affinity terms.</summary>
public static class SelectorMapper
{
    public static IReadOnlyList<NodeSelectorTerm> Terms(IList<V1NodeSelectorTerm>? terms) =>
        Each(terms, t => new NodeSelectorTerm(Requirements(t.MatchExpressions), Requirements(t.MatchFields)));

    public static IReadOnlyList<PodAffinityTerm> AffinityTerms(IList<V1PodAffinityTerm>? terms) =>
        Each(terms, t => new PodAffinityTerm(
            Selector(t.LabelSelector), SharedStrings.Share(t.TopologyKey ?? ""), Each(t.Namespaces, SharedStrings.Share), Selector(t.NamespaceSelector)));

    public static IReadOnlyList<WeightedPodAffinityTerm> WeightedAffinityTerms(IList<V1WeightedPodAffinityTerm>? terms) =>
        Each(terms, t => new WeightedPodAffinityTerm(t.Weight, AffinityTerms([t.PodAffinityTerm ?? new V1PodAffinityTerm()])[0]));

    public static LabelSelector? Selector(V1LabelSelector? selector) =>
        selector is null
            ? null
            : new LabelSelector(SharedStrings.Map(selector.MatchLabels), Requirements(selector.MatchExpressions));

    /// <summary>
    /// Maps a list the API may leave out. Most of a pod's lists are empty, and tens of thousands of pods are kept, so
    /// every empty one is the same empty array rather than a list of its own.
    /// </summary>
    internal static IReadOnlyList<TResult> Each<TSource, TResult>(IList<TSource>? source, Func<TSource, TResult> map)
    {
        if (source is null || source.Count == 0)
        {
            return [];
        }

        var result = new TResult[source.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = map(source[i]);
        }

        return result;
    }

    private static IReadOnlyList<NodeSelectorRequirement> Requirements(IList<V1LabelSelectorRequirement>? requirements) =>
        Each(requirements, r => new NodeSelectorRequirement(SharedStrings.Share(r.Key ?? ""), SharedStrings.Share(r.OperatorProperty ?? ""), Each(r.Values, SharedStrings.Share)));

    private static IReadOnlyList<NodeSelectorRequirement> Requirements(IList<V1NodeSelectorRequirement>? requirements) =>
        Each(requirements, r => new NodeSelectorRequirement(SharedStrings.Share(r.Key ?? ""), SharedStrings.Share(r.OperatorProperty ?? ""), Each(r.Values, SharedStrings.Share)));
}
