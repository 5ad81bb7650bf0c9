using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Core.Planning;
using Extender.Core.Simulation;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Mapping;
using Extender.Sandbox.Demo;
using k8s;
using k8s.Models;

namespace Extender.Demo;

/// <summary>
/// What <c>plan</c> computes for the same input: all of the scenario's pods at once, its NodePools and existing
/// nodes, over the catalog the sandbox sells (the embedded one, spot at the scenario's discount).
/// </summary>
internal static class PlanBaseline
{
    public static Plan Compute(Scenario scenario, IEnumerable<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Planner.Plan(new PlanInput
        {
            Pods = [.. pods.Select(Unbound).Select(PodMapper.Map)],
            Nodes = [.. scenario.Nodes.Select(n => new ExistingNode(NodeMapper.Map(KubernetesJson.Deserialize<V1Node>(n.ToJsonString())), []))],
            NodePools = Pools(scenario),
            Catalog = Catalog(scenario),
        });
    }

    /// <summary>The lower bound on any fleet holding <paramref name="pods"/>: <c>simulate</c>'s <see cref="CostBound"/>, over the same catalog and NodePools.</summary>
    public static decimal Bound(Scenario scenario, IEnumerable<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return CostBound.For(Catalog(scenario), Pools(scenario)).CostPerHour(pods.Select(Unbound).Select(PodMapper.Map));
    }

    private static InstanceCatalog Catalog(Scenario scenario) =>
        DefaultCatalog.Load(scenario.SpotDiscount is { } discount ? SpotPrices.Discount(discount) : null);

    private static NodePool[] Pools(Scenario scenario) =>
        [.. (scenario.NodePools.Count > 0 ? scenario.NodePools : [DefaultResources.NodePool()])
            .Select(p => NodePoolMapper.Map(KubernetesJson.Deserialize<NodePoolResource>(p.ToJsonString())))];

    // The plan is for the pods as they were created, before the scheduler placed them.
    private static V1Pod Unbound(JsonObject manifest)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(manifest.ToJsonString());
        pod.Spec.NodeName = null;
        pod.Status = null;
        return pod;
    }
}
