using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;

namespace Extender.Core.Consolidation;

/// <summary>A node consolidation may remove: its claim, pool, price, the pods that would move and what moving them costs.</summary>
internal sealed record Candidate(NodeClaim Claim, NodeState Node, NodePool Pool, decimal Price, IReadOnlyList<Pod> Displaced, double RescheduleCost)
{
    public string NodeName => Node.Node.Name;

    public string? InstanceType => Claim.Status.InstanceType;

    public string? CapacityType => Claim.Status.CapacityType;

    /// <summary>Karpenter's order: the most money per unit of disruption first.</summary>
    public double SavingsRatio => (double)Price / RescheduleCost;
}
