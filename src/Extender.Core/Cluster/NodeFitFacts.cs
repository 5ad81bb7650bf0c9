using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>
/// What the fit loop reads of every node, kept inline in its <see cref="NodeState"/>: the free capacity, with the
/// pods, cpu and memory that nearly every pod requests as plain numbers (no lookup by name), and whether the node is
/// cordoned or tainted at all (most are neither, and then the node object need not be visited).
/// </summary>
internal readonly struct NodeFitFacts
{
    public NodeFitFacts(Node node, ResourceList requested)
    {
        Free = node.Allocatable.Subtract(requested);
        FreePods = Free[ResourceNames.Pods];
        FreeCpu = Free[ResourceNames.Cpu];
        FreeMemory = Free[ResourceNames.Memory];
        Restricted = node.Unschedulable || node.Taints.Count > 0;
    }

    public ResourceList Free { get; }

    public long FreePods { get; }

    public long FreeCpu { get; }

    public long FreeMemory { get; }

    /// <summary>The node is cordoned or has taints.</summary>
    public bool Restricted { get; }

    /// <summary>The free amount of <paramref name="slot"/>, or of <paramref name="name"/> for other resources.</summary>
    public long FreeOf(ResourceSlot slot, string name) => slot switch
    {
        ResourceSlot.Pods => FreePods,
        ResourceSlot.Cpu => FreeCpu,
        ResourceSlot.Memory => FreeMemory,
        _ => Free[name],
    };
}
