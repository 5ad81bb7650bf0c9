using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Plans one small pod that tolerates every taint, and throws the plan away, so that the first batch after a start
/// does not pay for compiling the planner: tens of milliseconds on the detection-to-launch path otherwise.
/// </summary>
internal static class PlannerWarmUp
{
    private static readonly Pod Sample = new()
    {
        Uid = "warm-up",
        Namespace = "",
        Name = "warm-up",
        Requests = ResourceList.Parse([new(ResourceNames.Cpu, "100m"), new(ResourceNames.Memory, "128Mi")]),
        Tolerations = [new Toleration("", "Exists", "", "")],
    };

    public static void Run(IReadOnlyList<NodePool> pools, InstanceCatalog catalog) =>
        Planner.Plan(new PlanInput { Pods = [Sample], NodePools = pools, Catalog = catalog });
}
