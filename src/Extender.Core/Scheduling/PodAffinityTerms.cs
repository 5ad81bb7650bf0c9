using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>Whether a pod affinity term of one pod selects another pod.</summary>
public static class PodAffinityTerms
{
    /// <summary>Every namespace carries this label automatically (since Kubernetes 1.21).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>
    /// True when <paramref name="term"/>, declared by a pod in <paramref name="ownerNamespace"/>, selects
    /// <paramref name="candidate"/>: namespace first, then the label selector.
    /// </summary>
    /// <param name="term">The affinity or anti-affinity term.</param>
    /// <param name="ownerNamespace">The namespace of the pod that declares the term.</param>
    /// <param name="candidate">The pod the term may select.</param>
    /// <param name="namespaceLabels">Every namespace's labels (<see cref="ClusterSnapshot.NamespaceLabels"/>); null when unknown.</param>
    public static bool Selects(PodAffinityTerm term, string ownerNamespace, Pod candidate, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels) =>
        CoversNamespace(term, ownerNamespace, candidate.Namespace, namespaceLabels) && LabelSelectors.Matches(term.Selector, candidate.Labels);

    /// <summary>
    /// The listed namespaces plus those the namespace selector picks by the Namespace objects' labels; with neither,
    /// the owner's own namespace. A namespace whose labels are unknown (no feed, or not seen yet) carries only the
    /// automatic <c>kubernetes.io/metadata.name</c> label; an empty selector still means every namespace, as upstream.
    /// </summary>
    /// <param name="term">The affinity or anti-affinity term.</param>
    /// <param name="ownerNamespace">The namespace of the pod that declares the term.</param>
    /// <param name="candidateNamespace">The namespace in question.</param>
    /// <param name="namespaceLabels">Every namespace's labels (<see cref="ClusterSnapshot.NamespaceLabels"/>); null when unknown.</param>
    public static bool CoversNamespace(
        PodAffinityTerm term, string ownerNamespace, string candidateNamespace, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels)
    {
        if (term.Namespaces.Count == 0 && term.NamespaceSelector is null)
        {
            return candidateNamespace == ownerNamespace;
        }

        if (term.Namespaces.Contains(candidateNamespace))
        {
            return true;
        }

        return term.NamespaceSelector is not null
            && SelectsNamespace(term.NamespaceSelector, candidateNamespace, namespaceLabels?.GetValueOrDefault(candidateNamespace));
    }

    /// <summary>
    /// Whether a namespace selector picks namespace <paramref name="name"/> with <paramref name="labels"/> (null: none
    /// known); the automatic <c>kubernetes.io/metadata.name</c> label is always there, as on the Namespace object.
    /// </summary>
    public static bool SelectsNamespace(LabelSelector selector, string name, IReadOnlyDictionary<string, string>? labels)
    {
        // The adapters' maps already carry the name label (NamespaceMapper), so they are matched without a copy; the
        // copy is made only for a map that lacks it, or has no labels at all.
        if (labels is null || !labels.TryGetValue(NamespaceNameLabel, out var labelled) || labelled != name)
        {
            var all = labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(labels, StringComparer.Ordinal);
            all[NamespaceNameLabel] = name;
            labels = all;
        }

        return LabelSelectors.Matches(selector, labels);
    }
}
