using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Planning;

/// <summary>
/// Capacity launched (or launching) but not yet registered as a node. <see cref="Allocatable"/> is what remains for
/// new pods after <see cref="ReservedPods"/>, which still count for anti-affinity and topology spread.
/// </summary>
public sealed record InFlightClaim
{
    public required string Name { get; init; }
    public required string NodePool { get; init; }
    public required string InstanceType { get; init; }
    public required string Zone { get; init; }
    public required string CapacityType { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Taint> Taints { get; init; } = [];
    public required ResourceList Allocatable { get; init; }
    public IReadOnlyList<Pod> ReservedPods { get; init; } = [];
}
