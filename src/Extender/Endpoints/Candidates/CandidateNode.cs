using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Core.Scheduling;

namespace Extender.Endpoints.Candidates;

/// <summary>
/// A requested node as the predicates see it: a snapshot node with its position (<see cref="Index"/> ≥ 0), whose
/// label questions are answered from the snapshot's label columns, or a node sent in full (<see cref="Index"/> -1).
/// </summary>
internal readonly record struct CandidateNode(NodeState State, int Index)
{
    public string Name => State.Node.Name;

    public FitResult Fit(PreparedPod pod, ResourceList? heldForOthers = null) =>
        Index >= 0 ? NodeFit.Evaluate(pod, Index, heldForOthers) : NodeFit.Evaluate(pod, State, heldForOthers);
}
