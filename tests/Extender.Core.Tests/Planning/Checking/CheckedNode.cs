using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Planning.Checking;

/// <summary>
/// A node as the plan leaves it, rebuilt by <see cref="PlanChecker"/> from the input and the plan's output alone: the
/// labels and taints the node carries, the room it has for pods, the pods that were there and the pods the plan adds.
/// </summary>
internal sealed class CheckedNode
{
    public required string Name { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
    public required IReadOnlyList<Taint> Taints { get; init; }

    /// <summary>Room for <see cref="Resident"/> and <see cref="Placed"/>: allocatable, less DaemonSet pods on a new node.</summary>
    public required ResourceList Room { get; init; }

    /// <summary>Pods already on the node that use its room (bound, not finished).</summary>
    public List<Pod> Resident { get; } = [];

    /// <summary>Pods that count for topology but not for room (an in-flight claim's reserved pods, net of its allocatable).</summary>
    public List<Pod> Reserved { get; } = [];

    /// <summary>DaemonSet pods a new node would run: their host ports count.</summary>
    public List<Pod> Daemons { get; } = [];

    public List<Pod> Placed { get; } = [];

    /// <summary>Set for a new node: the plan's entry.</summary>
    public PlannedNode? Planned { get; init; }

    public IEnumerable<Pod> All => Resident.Concat(Reserved).Concat(Placed);
}
