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
    public static bool Matches(Pod pod, Node node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var prepared = new PreparedPod(pod, ClusterSnapshot.Empty);
        return Matches(prepared, new LabelDictionaryView(prepared, node));
    }

    /// <summary>The same decision for a prepared pod, reading the node through <paramref name="node"/>.</summary>
    internal static bool Matches<TView>(PreparedPod pod, TView node)
        where TView : struct, INodeLabelView
    {
        for (var i = 0; i < pod.NodeSelector.Length; i++)
        {
            if (!node.SelectorMatches(i))
            {
                return false;
            }
        }

        var terms = pod.Pod.RequiredNodeAffinity;
        if (terms.Count == 0)
        {
            return true;
        }

        for (var t = 0; t < terms.Count; t++)
        {
            if (TermMatches(terms[t], t, node))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TermMatches<TView>(NodeSelectorTerm term, int index, TView node)
        where TView : struct, INodeLabelView
    {
        if (term.MatchExpressions.Count == 0 && term.MatchFields.Count == 0)
        {
            return false;
        }

        for (var e = 0; e < term.MatchExpressions.Count; e++)
        {
            if (!node.ExpressionMatches(index, e))
            {
                return false;
            }
        }

        return MatchesFields(term.MatchFields, node.Node);
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
