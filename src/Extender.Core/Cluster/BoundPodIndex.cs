using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Extender.Core.Cluster;

/// <summary>
/// Bound, non-finished pods indexed for inter-pod affinity, so that preparing a pod never scans a namespace when its
/// selector names a label: by namespace; by (namespace, label = value); and the few pods with required anti-affinity,
/// filed under their own namespace when every term is confined to it (the default) and apart otherwise.
/// </summary>
internal sealed record BoundPodIndex(
    ImmutableDictionary<string, ImmutableDictionary<string, Pod>> ByNamespace,
    ImmutableDictionary<LabelPosting, ImmutableDictionary<string, Pod>> ByLabel,
    ImmutableDictionary<string, ImmutableDictionary<string, Pod>> AntiAffinityByNamespace,
    ImmutableDictionary<string, Pod> AntiAffinityAcrossNamespaces)
{
    // Each posting's pods as an array, made on first use and dropped with the posting: preparing a pod walks the same
    // postings request after request, and an array is read several times faster than an immutable dictionary.
    private static readonly ConditionalWeakTable<ImmutableDictionary<string, Pod>, Pod[]> PostingArrays = [];

    public static BoundPodIndex Empty { get; } = new(
        ImmutableDictionary.Create<string, ImmutableDictionary<string, Pod>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<LabelPosting, ImmutableDictionary<string, Pod>>(),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, Pod>>(StringComparer.Ordinal),
        Postings.EmptySet);

    /// <summary>Indexes <paramref name="bound"/> (distinct uids) in one pass.</summary>
    public static BoundPodIndex Build(IReadOnlyCollection<Pod> bound) => new(
        Postings.Group(bound.Select(p => (p.Namespace, p)), StringComparer.Ordinal),
        Postings.Group(bound.SelectMany(p => p.Labels.Select(l => (new LabelPosting(p.Namespace, l.Key, l.Value), p))), EqualityComparer<LabelPosting>.Default),
        Postings.Group(bound.Where(p => HasAntiAffinity(p) && ConfinedToOwnNamespace(p)).Select(p => (p.Namespace, p)), StringComparer.Ordinal),
        bound.Where(p => HasAntiAffinity(p) && !ConfinedToOwnNamespace(p)).ToImmutableDictionary(p => p.Uid, StringComparer.Ordinal));

    public BoundPodIndex Add(Pod pod)
    {
        var byLabel = ByLabel;
        foreach (var (key, value) in pod.Labels)
        {
            byLabel = Postings.Add(byLabel, new LabelPosting(pod.Namespace, key, value), pod);
        }

        var next = this with { ByNamespace = Postings.Add(ByNamespace, pod.Namespace, pod), ByLabel = byLabel };
        if (!HasAntiAffinity(pod))
        {
            return next;
        }

        return ConfinedToOwnNamespace(pod)
            ? next with { AntiAffinityByNamespace = Postings.Add(AntiAffinityByNamespace, pod.Namespace, pod) }
            : next with { AntiAffinityAcrossNamespaces = AntiAffinityAcrossNamespaces.SetItem(pod.Uid, pod) };
    }

    /// <summary>Removes <paramref name="pod"/>, the instance this index holds.</summary>
    public BoundPodIndex Remove(Pod pod)
    {
        var byLabel = ByLabel;
        foreach (var (key, value) in pod.Labels)
        {
            byLabel = Postings.Remove(byLabel, new LabelPosting(pod.Namespace, key, value), pod);
        }

        var next = this with { ByNamespace = Postings.Remove(ByNamespace, pod.Namespace, pod), ByLabel = byLabel };
        if (!HasAntiAffinity(pod))
        {
            return next;
        }

        return ConfinedToOwnNamespace(pod)
            ? next with { AntiAffinityByNamespace = Postings.Remove(AntiAffinityByNamespace, pod.Namespace, pod) }
            : next with { AntiAffinityAcrossNamespaces = AntiAffinityAcrossNamespaces.Remove(pod.Uid) };
    }

    /// <summary>
    /// A superset of the bound pods in <paramref name="ns"/> that <paramref name="selector"/> matches; the caller
    /// applies the full selector. The smallest matchLabels posting serves when there is one, else the smallest union of
    /// an <c>In</c> requirement's postings; only a selector with neither falls back to every pod of the namespace.
    /// </summary>
    public IReadOnlyList<Pod> Candidates(string ns, LabelSelector? selector)
    {
        if (selector is null)
        {
            return [];
        }

        if (selector.MatchLabels.Count > 0)
        {
            return SmallestEqualityPosting(ns, selector.MatchLabels) is { } posting ? ArrayOf(posting) : [];
        }

        if (SmallestInUnion(ns, selector.MatchExpressions) is { } union)
        {
            return union.Count == 1 ? ArrayOf(union[0]) : [.. union.SelectMany(ArrayOf)];
        }

        return ByNamespace.TryGetValue(ns, out var all) ? ArrayOf(all) : [];
    }

    /// <summary>Bound pods whose required anti-affinity terms may cover a pod of namespace <paramref name="ns"/>.</summary>
    public IEnumerable<Pod> AntiAffinityCovering(string ns) =>
        AntiAffinityByNamespace.TryGetValue(ns, out var own)
            ? AntiAffinityAcrossNamespaces.IsEmpty ? own.Values : own.Values.Concat(AntiAffinityAcrossNamespaces.Values)
            : AntiAffinityAcrossNamespaces.Values;

    public bool HasAntiAffinityCovering(string ns) => !AntiAffinityAcrossNamespaces.IsEmpty || AntiAffinityByNamespace.ContainsKey(ns);

    private static bool HasAntiAffinity(Pod pod) => pod.RequiredPodAntiAffinity.Count > 0;

    private static bool ConfinedToOwnNamespace(Pod pod) =>
        pod.RequiredPodAntiAffinity.All(t => t.Namespaces.Count == 0 && t.NamespaceSelector is null);

    // Null when some label has no pod at all: nothing can match.
    private ImmutableDictionary<string, Pod>? SmallestEqualityPosting(string ns, IReadOnlyDictionary<string, string> matchLabels)
    {
        ImmutableDictionary<string, Pod>? smallest = null;
        foreach (var (key, value) in matchLabels)
        {
            if (!ByLabel.TryGetValue(new LabelPosting(ns, key, value), out var posting))
            {
                return null;
            }

            if (smallest is null || posting.Count < smallest.Count)
            {
                smallest = posting;
            }
        }

        return smallest;
    }

    // A pod has one value per key, so the postings of an In requirement's distinct values are disjoint.
    private List<ImmutableDictionary<string, Pod>>? SmallestInUnion(string ns, IReadOnlyList<NodeSelectorRequirement> requirements)
    {
        List<ImmutableDictionary<string, Pod>>? smallest = null;
        var smallestCount = int.MaxValue;
        foreach (var requirement in requirements)
        {
            if (requirement.Operator != "In")
            {
                continue;
            }

            var postings = requirement.Values.Distinct(StringComparer.Ordinal)
                .Select(v => ByLabel.GetValueOrDefault(new LabelPosting(ns, requirement.Key, v)))
                .OfType<ImmutableDictionary<string, Pod>>()
                .ToList();
            var count = postings.Sum(p => p.Count);
            if (count < smallestCount)
            {
                smallest = postings;
                smallestCount = count;
            }
        }

        return smallest;
    }

    private static Pod[] ArrayOf(ImmutableDictionary<string, Pod> posting) =>
        PostingArrays.GetValue(posting, static p => [.. p.Values]);
}
