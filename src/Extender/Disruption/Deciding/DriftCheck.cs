using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Interruption;
using Extender.Core.Planning;
using Extender.Core.Scheduling.Requirements;
using Extender.Disruption.Ports;
using Extender.Provisioning.Launching;

namespace Extender.Disruption.Deciding;

/// <summary>
/// Why a claim no longer matches what would be launched for it today, with Karpenter's drift reasons in its order:
/// the NodePool's own fields first (<c>NodePoolDrifted</c>, <c>RequirementsDrifted</c>, <c>InstanceTypeNotFound</c>),
/// then the node class's (<c>NodeClassDrift</c>, <c>AMIDrift</c>, <c>SecurityGroupDrift</c>, <c>SubnetDrift</c>).
/// First of all, ours: a rebalance recommendation on a NodePool that opts in (the instance is at risk already).
/// </summary>
internal sealed class DriftCheck(CatalogCache catalogs, INodeClassDrift nodeClasses, LaunchedInstances instances)
{
    public Drift? Why(NodeClaim claim, NodeState node, NodePool pool)
    {
        if (RebalanceRecommendations.Drift(claim, pool) is { } rebalance)
        {
            return rebalance;
        }

        if (StaticHash.NodePool.Drifted(pool.TemplateHash, claim))
        {
            return new Drift(DriftReasons.NodePoolDrifted, $"NodePool {pool.Name}'s template changed since the node was launched");
        }

        // Only keys the node carries: a requirement on a label it never had is not a change of the pool's mind.
        if (pool.Requirements.All.FirstOrDefault(r => node.Node.Labels.ContainsKey(r.Key) && RequirementSet.Of([r]).FirstViolatedBy(node.Node.Labels) is not null) is { } violated)
        {
            return new Drift(DriftReasons.RequirementsDrifted, $"node label {violated.Key}={node.Node.Labels[violated.Key]} no longer satisfies {violated}");
        }

        if (claim.Status.InstanceType is { } type && catalogs.Current is { } catalog && catalog.Find(type) is null)
        {
            return new Drift(DriftReasons.InstanceTypeNotFound, $"{type} is no longer offered");
        }

        if (StaticHash.NodeClass.Drifted(nodeClasses.Hash(claim.NodeClass), claim))
        {
            return new Drift(DriftReasons.NodeClassDrift, $"EC2NodeClass {claim.NodeClass}'s spec changed since the node was launched");
        }

        return claim.Status.ProviderId is { } providerId && instances.Find(providerId) is { } launched && nodeClasses.Resolved(claim.NodeClass) is { } resolved
            ? CloudDrift.Check(launched, resolved, ImageLabels(claim, node))
            : null;
    }

    /// <summary>
    /// The labels an image is chosen by: the node's, and the architecture of its instance type when the node does not
    /// carry it yet (Karpenter maps images onto the instance type, not onto the node).
    /// </summary>
    private IReadOnlyDictionary<string, string> ImageLabels(NodeClaim claim, NodeState node)
    {
        if (node.Node.Labels.ContainsKey(WellKnownLabels.Arch) || claim.Status.InstanceType is not { } type || catalogs.Current?.Find(type) is not { } instanceType)
        {
            return node.Node.Labels;
        }

        return new Dictionary<string, string>(node.Node.Labels, StringComparer.Ordinal) { [WellKnownLabels.Arch] = instanceType.Architecture };
    }
}
