using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Provisioning.Launching;

namespace Extender.Disruption.Deciding;

/// <summary>
/// Why a claim no longer matches what its NodePool would launch today, with Karpenter's drift reasons:
/// <c>RequirementsDrifted</c> (a label the node carries no longer satisfies the pool's requirements) and
/// <c>InstanceTypeNotFound</c> (its instance type left the catalog).
/// </summary>
internal sealed class DriftCheck(CatalogCache catalogs)
{
    public string? Why(NodeClaim claim, NodeState node, NodePool pool)
    {
        // Only keys the node carries: a requirement on a label it never had is not a change of the pool's mind.
        if (pool.Requirements.All.FirstOrDefault(r => node.Node.Labels.ContainsKey(r.Key) && RequirementsOf(r).FirstViolatedBy(node.Node.Labels) is not null) is { } violated)
        {
            return $"RequirementsDrifted: node label {violated.Key}={node.Node.Labels[violated.Key]} no longer satisfies {violated}";
        }

        if (claim.Status.InstanceType is { } type && catalogs.Current is { } catalog && catalog.Find(type) is null)
        {
            return $"InstanceTypeNotFound: {type} is no longer offered";
        }

        return null;
    }

    private static Core.Scheduling.Requirements.RequirementSet RequirementsOf(Core.Scheduling.Requirements.Requirement requirement) =>
        Core.Scheduling.Requirements.RequirementSet.Of([requirement]);
}
