using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Core.Planning;
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
        var catalog = DefaultCatalog.Load(scenario.SpotDiscount is { } discount ? SpotPrices.Discount(discount) : null);
        var pools = scenario.NodePools.Count > 0 ? scenario.NodePools : [DefaultResources.NodePool()];
        return Planner.Plan(new PlanInput
        {
            Pods = [.. pods.Select(Unbound).Select(PodMapper.Map)],
            Nodes = [.. scenario.Nodes.Select(n => new ExistingNode(NodeMapper.Map(KubernetesJson.Deserialize<V1Node>(n.ToJsonString())), []))],
            NodePools = [.. pools.Select(p => NodePoolMapper.Map(KubernetesJson.Deserialize<NodePoolResource>(p.ToJsonString())))],
            Catalog = catalog,
        });
    }

    // The plan is for the pods as they were created, before the scheduler placed them.
    private static V1Pod Unbound(JsonObject manifest)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(manifest.ToJsonString());
        pod.Spec.NodeName = null;
        pod.Status = null;
        return pod;
    }
}
