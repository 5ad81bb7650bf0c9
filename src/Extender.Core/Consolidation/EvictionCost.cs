using Extender.Core.Cluster;

namespace Extender.Core.Consolidation;

/// <summary>
/// Karpenter's disruption cost: each pod costs 1 plus its priority over 2^25 (and its
/// <c>controller.kubernetes.io/pod-deletion-cost</c> over 2^27, which our pods do not carry), clamped to [-10, 10];
/// a node's reschedule cost is 1 for the node plus its pods' positive costs.
/// </summary>
internal static class EvictionCost
{
    private const double PerNode = 1.0;

    public static double Of(Pod pod) => Math.Clamp(1.0 + (pod.Priority / Math.Pow(2, 25)), -10.0, 10.0);

    public static double Reschedule(IEnumerable<Pod> displaced) => PerNode + displaced.Sum(p => Math.Max(0, Of(p)));
}
