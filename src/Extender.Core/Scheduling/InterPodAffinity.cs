using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>
/// The InterPodAffinity filter, split like upstream's PreFilter/Filter: <see cref="Prepare"/> scans the snapshot once
/// per pod and records the topology domains that matter, then <see cref="Check"/> is a few hash lookups per node.
/// Pods bound to nodes the snapshot has no Node for lie in no domain.
/// </summary>
internal sealed class InterPodAffinity
{
    private readonly TopologyDomains _antiAffinity = new();
    private readonly TopologyDomains _existingAntiAffinity = new();
    private readonly TopologyDomains _affinity = new();
    private readonly IReadOnlyList<PodAffinityTerm> _affinityTerms;
    private readonly bool _matchesOwnAffinity;

    private InterPodAffinity(Pod pod)
    {
        _affinityTerms = pod.RequiredPodAffinity;
        _matchesOwnAffinity = SelectsAll(_affinityTerms, pod.Namespace, pod);
    }

    /// <summary>Null when neither the pod nor any bound pod has a required (anti-)affinity term: the common case.</summary>
    public static InterPodAffinity? Prepare(Pod pod, ClusterSnapshot snapshot)
    {
        var pods = snapshot.Pods;
        if (pod.RequiredPodAffinity.Count == 0 && pod.RequiredPodAntiAffinity.Count == 0 && pods.BoundWithAntiAffinity.IsEmpty)
        {
            return null;
        }

        var prepared = new InterPodAffinity(pod);
        foreach (var existing in pods.BoundWithAntiAffinity.Values)
        {
            prepared.AddExistingAntiAffinity(pod, existing, snapshot);
        }

        foreach (var term in pod.RequiredPodAntiAffinity)
        {
            foreach (var candidate in Candidates(term, pod.Namespace, snapshot))
            {
                if (PodAffinityTerms.Selects(term, pod.Namespace, candidate) && LabelsOf(candidate, snapshot) is { } labels)
                {
                    prepared._antiAffinity.Add(term.TopologyKey, labels);
                }
            }
        }

        if (pod.RequiredPodAffinity.Count > 0)
        {
            // Upstream counts an existing pod towards affinity only when it matches every term.
            foreach (var candidate in Candidates(pod.RequiredPodAffinity[0], pod.Namespace, snapshot))
            {
                if (SelectsAll(pod.RequiredPodAffinity, pod.Namespace, candidate) && LabelsOf(candidate, snapshot) is { } labels)
                {
                    foreach (var term in pod.RequiredPodAffinity)
                    {
                        prepared._affinity.Add(term.TopologyKey, labels);
                    }
                }
            }
        }

        return prepared;
    }

    /// <summary>Upstream order: pod affinity, then the pod's anti-affinity, then existing pods' anti-affinity.</summary>
    public FitResult Check(Node node)
    {
        if (_affinityTerms.Count > 0 && !SatisfiesAffinity(node))
        {
            return FitResult.Unresolvable(FitReasons.PodAffinity);
        }

        if (_antiAffinity.ContainsAny(node.Labels))
        {
            return FitResult.Unschedulable(FitReasons.PodAntiAffinity);
        }

        return _existingAntiAffinity.ContainsAny(node.Labels)
            ? FitResult.Unschedulable(FitReasons.ExistingPodsAntiAffinity)
            : FitResult.Success;
    }

    // Mirrors satisfyPodAffinity: every term's topology key must be on the node; when no pod anywhere matches, the
    // first pod of a group that is affine to itself may go to any node that has the keys.
    private bool SatisfiesAffinity(Node node)
    {
        var podsExist = true;
        foreach (var term in _affinityTerms)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                return false;
            }

            podsExist &= _affinity.Contains(term.TopologyKey, value);
        }

        return podsExist || (_affinity.IsEmpty && _matchesOwnAffinity);
    }

    private void AddExistingAntiAffinity(Pod incoming, Pod existing, ClusterSnapshot snapshot)
    {
        foreach (var term in existing.RequiredPodAntiAffinity)
        {
            if (PodAffinityTerms.Selects(term, existing.Namespace, incoming) && LabelsOf(existing, snapshot) is { } labels)
            {
                _existingAntiAffinity.Add(term.TopologyKey, labels);
            }
        }
    }

    private static bool SelectsAll(IReadOnlyList<PodAffinityTerm> terms, string ownerNamespace, Pod candidate)
    {
        foreach (var term in terms)
        {
            if (!PodAffinityTerms.Selects(term, ownerNamespace, candidate))
            {
                return false;
            }
        }

        return true;
    }

    // Only the namespaces a term can select are scanned, which keeps Prepare far below O(all pods) on big clusters.
    private static IEnumerable<Pod> Candidates(PodAffinityTerm term, string ownerNamespace, ClusterSnapshot snapshot)
    {
        var byNamespace = snapshot.Pods.BoundByNamespace;
        IEnumerable<string> namespaces = term.NamespaceSelector is null
            ? term.Namespaces.Count == 0 ? [ownerNamespace] : term.Namespaces.Distinct(StringComparer.Ordinal)
            : byNamespace.Keys.Where(ns => PodAffinityTerms.CoversNamespace(term, ownerNamespace, ns));
        return namespaces.SelectMany(ns => byNamespace.TryGetValue(ns, out var pods) ? pods.Values : []);
    }

    private static IReadOnlyDictionary<string, string>? LabelsOf(Pod bound, ClusterSnapshot snapshot) =>
        snapshot.FindNode(bound.NodeName!)?.Node.Labels;
}
