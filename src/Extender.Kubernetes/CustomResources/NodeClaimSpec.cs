using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

public sealed class NodeClaimSpec
{
    /// <summary>Name of the NodePool this claim was planned from.</summary>
    public string NodePool { get; set; } = "";

    public NodeClaimNodeClassReference NodeClassRef { get; set; } = new();

    public IList<NodeClaimRequirement> Requirements { get; set; } = [];

    public NodeClaimResources? Resources { get; set; }

    /// <summary>Instance types the launch may choose from, cheapest first.</summary>
    public IList<string> InstanceTypeOptions { get; set; } = [];

    /// <summary>The offerings behind <see cref="InstanceTypeOptions"/>, so a restart launches exactly what was planned.</summary>
    public IList<NodeClaimLaunchOption>? LaunchOptions { get; set; }

    public IList<V1Taint>? Taints { get; set; }

    public IList<V1Taint>? StartupTaints { get; set; }

    /// <summary>The pods this capacity is held for until they are bound.</summary>
    public IList<NodeClaimReservation>? ReservedFor { get; set; }
}
