using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>The NodeAffinity filter: <c>nodeSelector</c> and required node affinity.</summary>
public static class NodeAffinity
{
    /// <summary>The only field <c>matchFields</c> supports upstream.</summary>
    public const string NodeNameField = "metadata.name";

    /// <summary>
    /// Every nodeSelector label must be equal, and when the pod has required node affinity some term must match.
    /// As upstream (component-helpers <c>nodeaffinity</c>), a term with no expressions and no fields matches nothing,
    /// so an adapter maps an explicitly empty <c>nodeSelectorTerms</c> list to one empty term.
    /// </summary>
    public static bool Matches(Pod pod, Node node) => Matches([.. pod.NodeSelector], pod.RequiredNodeAffinity, node);

    // The node selector comes as an array so that the per-node path enumerates without allocating.
    internal static bool Matches(KeyValuePair<string, string>[] nodeSelector, IReadOnlyList<NodeSelectorTerm> terms, Node node)
    {
        foreach (var (key, value) in nodeSelector)
        {
            if (!node.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        if (terms.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            if (Matches(terms[i], node))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Matches(NodeSelectorTerm term, Node node)
    {
        if (term.MatchExpressions.Count == 0 && term.MatchFields.Count == 0)
        {
            return false;
        }

        return SelectorRequirements.MatchesAll(term.MatchExpressions, node.Labels, allowNumeric: true) && MatchesFields(term.MatchFields, node);
    }

    // Upstream turns matchFields into a field selector that knows only metadata.name with In or NotIn.
    private static bool MatchesFields(IReadOnlyList<NodeSelectorRequirement> fields, Node node)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Key != NodeNameField || field.Operator is not ("In" or "NotIn") || field.Values.Count == 0)
            {
                return false;
            }

            if (SelectorRequirements.Contains(field.Values, node.Name) != (field.Operator == "In"))
            {
                return false;
            }
        }

        return true;
    }
}
