using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Scheduling;

namespace Extender.Core.Disruption;

/// <summary>
/// The taint a node being terminated carries (Karpenter's <c>karpenter.sh/disrupted:NoSchedule</c> in our group): no
/// new pod lands on it, and a pod that tolerates it is taken to mean "stay until the node goes" and is not evicted.
/// </summary>
public static class DisruptionTaint
{
    public static Taint Taint { get; } = new(WellKnownLabels.Group + "/disrupted", "", Tolerations.NoSchedule);

    public static bool IsOn(Node node) => node.Taints.Any(t => t.Key == Taint.Key && t.Effect == Taint.Effect);
}
