using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>
/// A node to launch: its NodePool, the chosen instance type, zone and capacity type at <see cref="PricePerHour"/>,
/// and the compatible instance types cheapest first (the chosen one first) so a launch can fall back.
/// </summary>
public sealed record PlannedNode(
    string Name,
    string NodePool,
    string InstanceType,
    IReadOnlyList<string> InstanceTypeOptions,
    string Zone,
    string CapacityType,
    decimal PricePerHour,
    IReadOnlyList<Pod> Pods)
{
    /// <summary>
    /// Labels the node must carry beyond those of its type, offering and NodePool: each key a NodePool leaves open that
    /// the node's pods narrow to one value (<c>team In [a]</c>), so that their selectors match the node they get.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
