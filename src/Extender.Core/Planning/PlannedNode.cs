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
    IReadOnlyList<Pod> Pods);
