using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Plans a few dozen pods of two shapes per NodePool (one of them zone-spread) and throws the plans away, often enough for the
/// runtime to compile the planner's hot paths fully: the first batches after a start would otherwise take several
/// times longer to plan, tens of milliseconds on the detection-to-launch path.
/// </summary>
internal static class PlannerWarmUp
{
    // The runtime recompiles a method with full optimisation after about 30 calls.
    private const int Rounds = 32;

    private const int PlainPods = 24;

    private static readonly ResourceList Requests = ResourceList.Parse([new(ResourceNames.Cpu, "100m"), new(ResourceNames.Memory, "128Mi")]);
    private static readonly ResourceList LargerRequests = ResourceList.Parse([new(ResourceNames.Cpu, "1"), new(ResourceNames.Memory, "3Gi")]);
    private static readonly Toleration Everything = new("", "Exists", "", "");

    /// <summary>
    /// Returns the last plan, whose nodes can warm the claim-writing path up in turn. With the live NodePools,
    /// DaemonSets and catalog, so that the planner's model of them is ready for the first batch too.
    /// </summary>
    public static Plan Run(IReadOnlyList<NodePool> pools, IReadOnlyList<Pod> daemonSetPods, InstanceCatalog catalog)
    {
        var input = new PlanInput { Pods = [.. pools.SelectMany(Samples)], NodePools = pools, DaemonSetPods = daemonSetPods, Catalog = catalog };
        var plan = Planner.Plan(input);
        for (var round = 1; round < Rounds; round++)
        {
            plan = Planner.Plan(input);
        }

        return plan;
    }

    private static IEnumerable<Pod> Samples(NodePool pool)
    {
        var selector = new Dictionary<string, string> { [WellKnownLabels.NodePool] = pool.Name };
        var labels = new Dictionary<string, string> { ["app"] = "warm-up-" + pool.Name };
        // Enough pods of two shapes to fill several nodes, so that the fill, improvement and repack phases all run.
        for (var i = 0; i < PlainPods; i++)
        {
            yield return Sample(pool.Name, "plain", i, i % 2 == 0 ? Requests : LargerRequests) with { NodeSelector = selector };
        }

        yield return Sample(pool.Name, "spread", 0, Requests) with
        {
            NodeSelector = selector,
            Labels = labels,
            TopologySpread = [new TopologySpreadConstraint(1, WellKnownLabels.Zone, "DoNotSchedule", new LabelSelector(labels, []), null)],
        };
    }

    private static Pod Sample(string pool, string kind, int index, ResourceList requests) => new()
    {
        Uid = $"warm-up-{pool}-{kind}-{index}",
        // A name the NodeClaim schema accepts: the warm-up's claims are dry-run created with these pods reserved.
        Namespace = "default",
        Name = $"warm-up-{pool}-{kind}-{index}",
        Requests = requests,
        Tolerations = [Everything],
    };
}
