using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>
/// The InterPodAffinity filter, split like upstream's PreFilter/Filter: <see cref="Prepare"/> reads the snapshot's pod
/// indexes once per pod and records the topology domains that matter, then <see cref="Check{TView}"/> is a few hash
/// lookups per node, or a few array reads through the snapshot's label columns.
/// Pods bound to nodes the snapshot has no Node for lie in no domain.
/// </summary>
internal sealed class InterPodAffinity
{
    private readonly IReadOnlyList<PodAffinityTerm> _affinityTerms;
    private readonly bool _matchesOwnAffinity;

    private InterPodAffinity(Pod pod, ClusterSnapshot snapshot)
    {
        Affinity = new TopologyDomains(snapshot);
        AntiAffinity = new TopologyDomains(snapshot);
        ExistingAntiAffinity = new TopologyDomains(snapshot);
        _affinityTerms = pod.RequiredPodAffinity;
        _matchesOwnAffinity = SelectsAll(_affinityTerms, pod.Namespace, pod, snapshot.NamespaceLabels);
    }

    /// <summary>Domains holding a pod that matches every required affinity term, by each term's topology key.</summary>
    public TopologyDomains Affinity { get; }

    /// <summary>Domains holding a pod that the incoming pod's anti-affinity selects.</summary>
    public TopologyDomains AntiAffinity { get; }

    /// <summary>Domains of existing pods whose anti-affinity selects the incoming pod.</summary>
    public TopologyDomains ExistingAntiAffinity { get; }

    /// <summary>Null when neither the pod nor any bound pod has a required (anti-)affinity term: the common case.</summary>
    public static InterPodAffinity? Prepare(Pod pod, ClusterSnapshot snapshot)
    {
        var bound = snapshot.Pods.Bound;
        if (pod.RequiredPodAffinity.Count == 0 && pod.RequiredPodAntiAffinity.Count == 0 && !bound.HasAntiAffinityCovering(pod.Namespace))
        {
            return null;
        }

        var prepared = new InterPodAffinity(pod, snapshot);
        foreach (var existing in bound.AntiAffinityCovering(pod.Namespace))
        {
            prepared.AddExistingAntiAffinity(pod, existing, snapshot);
        }

        foreach (var term in pod.RequiredPodAntiAffinity)
        {
            foreach (var candidate in Candidates(term, pod.Namespace, snapshot))
            {
                if (PodAffinityTerms.Selects(term, pod.Namespace, candidate, snapshot.NamespaceLabels) && NodeOf(candidate, snapshot) is var node and >= 0)
                {
                    prepared.AntiAffinity.Add(term.TopologyKey, node);
                }
            }
        }

        if (pod.RequiredPodAffinity.Count > 0)
        {
            // Upstream counts an existing pod towards affinity only when it matches every term.
            foreach (var candidate in Candidates(pod.RequiredPodAffinity[0], pod.Namespace, snapshot))
            {
                if (SelectsAll(pod.RequiredPodAffinity, pod.Namespace, candidate, snapshot.NamespaceLabels) && NodeOf(candidate, snapshot) is var node and >= 0)
                {
                    foreach (var term in pod.RequiredPodAffinity)
                    {
                        prepared.Affinity.Add(term.TopologyKey, node);
                    }
                }
            }
        }

        return prepared;
    }

    /// <summary>Upstream order: pod affinity, then the pod's anti-affinity, then existing pods' anti-affinity.</summary>
    public FitResult Check<TView>(TView node)
        where TView : struct, INodeLabelView
    {
        if (_affinityTerms.Count > 0 && !SatisfiesAffinity(node))
        {
            return FitResult.Unresolvable(FitReasons.PodAffinity);
        }

        if (node.InAntiAffinityDomain())
        {
            return FitResult.Unschedulable(FitReasons.PodAntiAffinity);
        }

        return node.InExistingAntiAffinityDomain()
            ? FitResult.Unschedulable(FitReasons.ExistingPodsAntiAffinity)
            : FitResult.Success;
    }

    // Mirrors satisfyPodAffinity: every term's topology key must be on the node; when no pod anywhere matches, the
    // first pod of a group that is affine to itself may go to any node that has the keys.
    private bool SatisfiesAffinity<TView>(TView node)
        where TView : struct, INodeLabelView
    {
        var podsExist = true;
        for (var term = 0; term < _affinityTerms.Count; term++)
        {
            if (!node.HasAffinityTopology(term))
            {
                return false;
            }

            podsExist &= node.InAffinityDomain(term);
        }

        return podsExist || (Affinity.IsEmpty && _matchesOwnAffinity);
    }

    private void AddExistingAntiAffinity(Pod incoming, Pod existing, ClusterSnapshot snapshot)
    {
        foreach (var term in existing.RequiredPodAntiAffinity)
        {
            if (PodAffinityTerms.Selects(term, existing.Namespace, incoming, snapshot.NamespaceLabels) && NodeOf(existing, snapshot) is var node and >= 0)
            {
                ExistingAntiAffinity.Add(term.TopologyKey, node);
            }
        }
    }

    private static bool SelectsAll(
        IReadOnlyList<PodAffinityTerm> terms, string ownerNamespace, Pod candidate, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels)
    {
        foreach (var term in terms)
        {
            if (!PodAffinityTerms.Selects(term, ownerNamespace, candidate, namespaceLabels))
            {
                return false;
            }
        }

        return true;
    }

    // Only the namespaces a term can select are visited, and within each only the label postings its selector names,
    // which keeps Prepare proportional to the matching pods rather than to the cluster.
    private static IReadOnlyList<Pod> Candidates(PodAffinityTerm term, string ownerNamespace, ClusterSnapshot snapshot)
    {
        var bound = snapshot.Pods.Bound;
        if (term.NamespaceSelector is null && term.Namespaces.Count == 0)
        {
            return bound.Candidates(ownerNamespace, term.Selector);
        }

        var namespaces = term.NamespaceSelector is null
            ? term.Namespaces.Distinct(StringComparer.Ordinal)
            : bound.ByNamespace.Keys.Where(ns => PodAffinityTerms.CoversNamespace(term, ownerNamespace, ns, snapshot.NamespaceLabels));
        return [.. namespaces.SelectMany(ns => bound.Candidates(ns, term.Selector))];
    }

    // The position of the pod's node in the snapshot, or -1.
    private static int NodeOf(Pod bound, ClusterSnapshot snapshot) => snapshot.IndexOfNode(bound.NodeName!);
}
