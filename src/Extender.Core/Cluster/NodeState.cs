using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>
/// A node with the non-finished pods bound to it (sorted by namespace, name, uid) and the sum of their requests.
/// </summary>
public sealed record NodeState(Node Node, IReadOnlyList<Pod> Pods, ResourceList Requested)
{
    // The fit facts are derived once per state because the predicates read them for every node of every request; the
    // init accessors keep them in step when a copy is made with `with`.
    public Node Node
    {
        get;
        init
        {
            field = value;
            Facts = new NodeFitFacts(value, Requested);
        }
    } = Node;

    public ResourceList Requested
    {
        get;
        init
        {
            field = value;
            Facts = new NodeFitFacts(Node, value);
        }
    } = Requested;

    /// <summary><c>Node.Allocatable - Requested</c>; negative when the node is over-committed.</summary>
    public ResourceList Free => Facts.Free;

    internal NodeFitFacts Facts { get; private init; } = new(Node, Requested);
}
