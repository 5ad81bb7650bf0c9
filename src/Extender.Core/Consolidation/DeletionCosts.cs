using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Consolidation;

/// <summary>
/// The <c>controller.kubernetes.io/pod-deletion-cost</c> to give each ReplicaSet pod so that a Deployment's scale-down
/// empties the least used nodes: the ReplicaSet controller deletes pods of lower cost first (after unscheduled and
/// not-ready ones), so a pod costs its node's use in tenths (the fuller of CPU and memory requested over allocatable,
/// 0–10). A scale-down then takes its pods from the nodes consolidation would otherwise have to evict to empty, and an
/// emptied node is deleted without an eviction. Coarse on purpose: the value changes only when a node's use crosses a
/// tenth, since every change is an API write (upstream warns against updating it often).
/// </summary>
public static class DeletionCosts
{
    public const string Annotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The cost each ReplicaSet pod bound to one of <paramref name="nodes"/> should carry, by pod UID.</summary>
    public static Dictionary<string, int> Decide(IEnumerable<NodeState> nodes)
    {
        var costs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var cost = UseInTenths(node);
            foreach (var pod in node.Pods)
            {
                if (pod.OwnerKind == "ReplicaSet" && !pod.Terminating)
                {
                    costs[pod.Uid] = cost;
                }
            }
        }

        return costs;
    }

    /// <summary>The fuller of the node's CPU and memory, requested over allocatable, in whole tenths (0–10).</summary>
    public static int UseInTenths(NodeState node)
    {
        var use = 0.0;
        foreach (var resource in (ReadOnlySpan<string>)[ResourceNames.Cpu, ResourceNames.Memory])
        {
            if (node.Node.Allocatable[resource] is > 0 and var allocatable)
            {
                use = Math.Max(use, (double)node.Requested[resource] / allocatable);
            }
        }

        return (int)Math.Min(10, Math.Floor(use * 10));
    }
}
