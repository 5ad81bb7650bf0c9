using Extender.Core.Cluster;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// An instance as the simulated kubelet needs it: identity, placement, and the labels and taints its launch asked the
/// node to register with. <paramref name="NodeName"/> is the private DNS name the node registers under.
/// </summary>
public sealed record SimulatedInstance(
    string InstanceId,
    string NodeName,
    string InstanceType,
    string Zone,
    string CapacityType,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints)
{
    public string ProviderId => $"aws:///{Zone}/{InstanceId}";

    /// <summary>The instance's user data, where nodeadm reads the cluster to join from; null when it had none.</summary>
    public string? UserData { get; init; }
}
