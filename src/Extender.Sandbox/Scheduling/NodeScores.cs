using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Sandbox.Scheduling;

/// <summary>The in-tree score: NodeResourcesFit's LeastAllocated strategy on cpu and memory, each weight 1, 0..100.</summary>
internal static class NodeScores
{
    public const long MaxNodeScore = 100;

    /// <summary>
    /// Mean over cpu and memory of <c>(allocatable - requested) * 100 / allocatable</c>, where requested includes the pod;
    /// 0 for a resource the pod would over-commit, and a resource the node does not offer is left out.
    /// </summary>
    public static long LeastAllocated(Pod pod, NodeState node)
    {
        long sum = 0;
        var counted = 0;
        foreach (var name in (ReadOnlySpan<string>)[ResourceNames.Cpu, ResourceNames.Memory])
        {
            var allocatable = node.Node.Allocatable[name];
            if (allocatable <= 0)
            {
                continue;
            }

            var requested = node.Requested[name] + pod.Requests[name];
            sum += requested > allocatable ? 0 : (long)((Int128)(allocatable - requested) * MaxNodeScore / allocatable);
            counted++;
        }

        return counted == 0 ? 0 : sum / counted;
    }
}
