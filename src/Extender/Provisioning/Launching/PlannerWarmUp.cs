using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Plans a few small pods per NodePool (one of them zone-spread) and throws the plans away, often enough for the
/// runtime to compile the planner's hot paths fully: the first batches after a start would otherwise take several
/// times longer to plan, tens of milliseconds on the detection-to-launch path.
/// </summary>
internal static class PlannerWarmUp
{
    // The runtime recompiles a method with full optimisation after about 30 calls.
    private const int Rounds = 32;

    private static readonly ResourceList Requests = ResourceList.Parse([new(ResourceNames.Cpu, "100m"), new(ResourceNames.Memory, "128Mi")]);
    private static readonly Toleration Everything = new("", "Exists", "", "");

    public static void Run(IReadOnlyList<NodePool> pools, InstanceCatalog catalog)
    {
        var input = new PlanInput { Pods = [.. pools.SelectMany(Samples)], NodePools = pools, Catalog = catalog };
        for (var round = 0; round < Rounds; round++)
        {
            Planner.Plan(input);
        }
    }

    private static IEnumerable<Pod> Samples(NodePool pool)
    {
        var selector = new Dictionary<string, string> { [WellKnownLabels.NodePool] = pool.Name };
        var labels = new Dictionary<string, string> { ["app"] = "warm-up-" + pool.Name };
        yield return Sample(pool.Name, "plain") with { NodeSelector = selector };
        yield return Sample(pool.Name, "spread") with
        {
            NodeSelector = selector,
            Labels = labels,
            TopologySpread = [new TopologySpreadConstraint(1, WellKnownLabels.Zone, "DoNotSchedule", new LabelSelector(labels, []), null)],
        };
    }

    private static Pod Sample(string pool, string kind) => new()
    {
        Uid = $"warm-up-{pool}-{kind}",
        Namespace = "",
        Name = $"warm-up-{pool}-{kind}",
        Requests = Requests,
        Tolerations = [Everything],
    };
}
