using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Scheduling;

/// <summary>Node scores on the extender scale 0..10.</summary>
public static class NodeScoring
{
    public const int MaxScore = 10;

    /// <summary>
    /// Least waste: how full the node would be after placing the pod, so tight fits win and emptier nodes stay free
    /// to be consolidated. For cpu and memory (weighted equally; a resource the node does not offer is skipped),
    /// <c>used = (requested + pod request) / allocatable</c>, capped at 1; the score is
    /// <c>round(10 * mean(used))</c> in integer arithmetic. A node the pod does not fit on scores 0.
    /// </summary>
    public static int LeastWaste(Pod pod, NodeState node)
    {
        long permilleSum = 0;
        var counted = 0;
        foreach (var name in (ReadOnlySpan<string>)[ResourceNames.Cpu, ResourceNames.Memory])
        {
            var allocatable = node.Node.Allocatable[name];
            if (allocatable <= 0)
            {
                continue;
            }

            var used = node.Requested[name] + pod.Requests[name];
            if (used > allocatable)
            {
                return 0;
            }

            permilleSum += (long)((Int128)used * 1_000 / allocatable);
            counted++;
        }

        return counted == 0 ? 0 : (int)(((permilleSum * MaxScore / counted) + 500) / 1_000);
    }
}
