using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Core.Planning;
using Extender.Core.Simulation;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Mapping;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Models;

namespace Extender.Demo;

/// <summary>
/// What <c>plan</c> computes for the same input: all of the scenario's pods at once (with its buffers' room, see
/// <see cref="WithBufferRoom"/>), its NodePools and existing nodes, over the catalog the sandbox sells (the embedded
/// one, spot at the scenario's discount).
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

    /// <summary>
    /// <paramref name="pods"/> and the room the scenario's CapacityBuffers hold, which is part of the input too: each
    /// replica as one pod of its Deployment wave's template, as many as the buffer's status asks for now.
    /// </summary>
    public static IReadOnlyList<JsonObject> WithBufferRoom(Scenario scenario, SandboxApiServer api, IEnumerable<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(api);
        var stored = api.List($"{CapacityBufferManifests.Group}/{CapacityBufferManifests.Version}", "CapacityBuffer")
            .ToDictionary(b => $"{CapacityBufferManifests.Namespace(b)}/{CapacityBufferManifests.Name(b)}", b => (int?)b["status"]?["replicas"] ?? 0, StringComparer.Ordinal);
        var room = scenario.CapacityBuffers.SelectMany(buffer =>
        {
            var wave = scenario.Waves.First(w => CapacityBufferManifests.Covers(buffer, w));
            var template = WavePods.Deployment(wave).Spec.Template;
            var replicas = stored.GetValueOrDefault($"{CapacityBufferManifests.Namespace(buffer)}/{CapacityBufferManifests.Name(buffer)}");
            return Enumerable.Range(0, replicas).Select(i => JsonNode.Parse(KubernetesJson.Serialize(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"{CapacityBufferManifests.Name(buffer)}-room-{i}", NamespaceProperty = wave.Namespace, Labels = template.Metadata.Labels },
                Spec = template.Spec,
            }))!.AsObject());
        });
        return [.. pods, .. room];
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
