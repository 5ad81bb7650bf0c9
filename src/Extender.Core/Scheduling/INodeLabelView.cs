using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>
/// How the label-driven predicates (NodeAffinity, InterPodAffinity) read one node for one prepared pod: from the
/// node's label dictionary, or from the snapshot's label columns by node position. Both answer the same questions,
/// so each predicate is written once; implementations are structs so the JIT specialises every caller.
/// </summary>
internal interface INodeLabelView
{
    Node Node { get; }

    /// <summary>Entry <paramref name="entry"/> of the pod's node selector holds on the node.</summary>
    bool SelectorMatches(int entry);

    /// <summary>
    /// Expression <paramref name="expression"/> of required node affinity term <paramref name="term"/> holds.
    /// </summary>
    bool ExpressionMatches(int term, int expression);

    /// <summary>The node has the topology key of required pod affinity term <paramref name="term"/>.</summary>
    bool HasAffinityTopology(int term);

    /// <summary>
    /// The node lies in a domain of term <paramref name="term"/> that holds a pod matching every affinity term.
    /// </summary>
    bool InAffinityDomain(int term);

    /// <summary>The node lies in a domain holding a pod the incoming pod's anti-affinity selects.</summary>
    bool InAntiAffinityDomain();

    /// <summary>The node lies in a domain of an existing pod whose anti-affinity selects the incoming pod.</summary>
    bool InExistingAntiAffinityDomain();
}
