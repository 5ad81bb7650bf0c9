using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>Interns topology terms so that every owner of an equal term shares its counts.</summary>
internal sealed class TermRegistry(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels)
{
    private readonly Dictionary<string, TopologyTerm> _byKey = new(StringComparer.Ordinal);

    /// <summary>The index of the zone in <see cref="Keys"/>.</summary>
    public const int ZoneKey = 0;

    public List<TopologyTerm> Terms { get; } = [];

    /// <summary>The topology keys of the terms other than hostname, the zone first: counts are kept per value of each.</summary>
    public List<string> Keys { get; } = [WellKnownLabels.Zone];

    public TopologyTerm Intern(string topologyKey, LabelSelector? selector, IReadOnlyList<string> namespaces, LabelSelector? namespaceSelector, string ownerNamespace,
        IReadOnlyList<RequirementSet>? nodeFilter = null)
    {
        if (nodeFilter is not null && nodeFilter.All(alternative => alternative.Count == 0))
        {
            nodeFilter = null;
        }

        var scope = Scope(namespaces, namespaceSelector, ownerNamespace);
        var scopeText = scope is null ? "*" : string.Join(",", scope.Order(StringComparer.Ordinal));
        var key = topologyKey + "|" + scopeText + "|" + SelectorText.Canonical(selector) + (nodeFilter is null ? "" : "|on " + string.Join(" or ", nodeFilter));
        if (!_byKey.TryGetValue(key, out var term))
        {
            term = new TopologyTerm(Terms.Count, KeyIndex(topologyKey), selector, scope, key, nodeFilter);
            _byKey.Add(key, term);
            Terms.Add(term);
        }

        return term;
    }

    /// <summary>
    /// The namespaces a term covers, as kube-scheduler: the listed ones and those the namespace selector picks by their
    /// labels; with neither, the owner's. Null (every namespace) for the empty selector, and for any selector when the
    /// input carries no namespace labels.
    /// </summary>
    private HashSet<string>? Scope(IReadOnlyList<string> namespaces, LabelSelector? selector, string ownerNamespace)
    {
        if (selector is null)
        {
            return namespaces.Count == 0 ? new HashSet<string>(StringComparer.Ordinal) { ownerNamespace } : new HashSet<string>(namespaces, StringComparer.Ordinal);
        }

        if (namespaceLabels is null || (selector.MatchLabels.Count == 0 && selector.MatchExpressions.Count == 0))
        {
            return null;
        }

        var scope = new HashSet<string>(namespaces, StringComparer.Ordinal);
        foreach (var (name, labels) in namespaceLabels)
        {
            if (PodAffinityTerms.SelectsNamespace(selector, name, labels))
            {
                scope.Add(name);
            }
        }

        return scope;
    }

    /// <summary>The key's index in <see cref="Keys"/> (a Karpenter or deprecated spelling as ours, which nodes also carry); -1 for hostname.</summary>
    private int KeyIndex(string written)
    {
        var topologyKey = KarpenterLabels.Normalize(written);
        if (topologyKey == WellKnownLabels.Hostname)
        {
            return -1;
        }

        var index = Keys.IndexOf(topologyKey);
        if (index < 0)
        {
            index = Keys.Count;
            Keys.Add(topologyKey);
        }

        return index;
    }

    public TopologyTerm Intern(PodAffinityTerm term, string ownerNamespace) =>
        Intern(term.TopologyKey, term.Selector, term.Namespaces, term.NamespaceSelector, ownerNamespace);
}
