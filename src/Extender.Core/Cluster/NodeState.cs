using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>
/// A node with the non-finished pods bound to it (sorted by namespace, name, uid) and the sum of their requests.
/// </summary>
public sealed record NodeState(Node Node, IReadOnlyList<Pod> Pods, ResourceList Requested)
{
    // Free is derived once per state because the fit predicates read it for every node of every request; the init
    // accessors keep it in step when a copy is made with `with`.
    public Node Node
    {
        get;
        init
        {
            field = value;
            Free = value.Allocatable.Subtract(Requested);
        }
    } = Node;

    public ResourceList Requested
    {
        get;
        init
        {
            field = value;
            Free = Node.Allocatable.Subtract(value);
        }
    } = Requested;

    /// <summary><c>Node.Allocatable - Requested</c>; negative when the node is over-committed.</summary>
    public ResourceList Free { get; private init; } = Node.Allocatable.Subtract(Requested);
}
