using Extender.Core.Catalog;
using Extender.Core.Resources;
using k8s.Models;

namespace Extender.Sandbox.Kubelet;

/// <summary>The Node a kubelet on this instance registers: the labels a kubelet and the cloud controller set, capacity
/// and allocatable from the catalog, the launch's labels and taints, <c>providerID</c>, and a Ready condition.</summary>
internal static class NodeFactory
{
    /// <summary><paramref name="maxPods"/>: the kubelet's configured maxPods, which replaces the type's pods in capacity and allocatable.</summary>
    public static V1Node Build(SimulatedInstance instance, InstanceType type, DateTime now, int? maxPods = null)
    {
        // What a kubelet sets (hostname, os, arch) and the AWS cloud controller adds (instance type, zone, region),
        // each under its deprecated key too; then the launch's labels (--node-labels). The instance type's attributes
        // and the Karpenter spellings are not the kubelet's: the sidecar adds them when it registers the NodeClaim.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in instance.Labels)
        {
            labels[key] = value;
        }

        var own = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WellKnownLabels.Hostname] = instance.NodeName,
            [WellKnownLabels.Os] = type.Labels.GetValueOrDefault(WellKnownLabels.Os, "linux"),
            [WellKnownLabels.Arch] = type.Architecture,
            [WellKnownLabels.InstanceType] = instance.InstanceType,
            [WellKnownLabels.Zone] = instance.Zone,
        };
        if (type.Labels.TryGetValue(WellKnownLabels.Region, out var region))
        {
            own[WellKnownLabels.Region] = region;
        }

        foreach (var (key, value) in own)
        {
            labels[key] = value;
            foreach (var alias in KarpenterLabels.AliasesOf(key))
            {
                labels[alias] = value;
            }
        }

        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = instance.NodeName, Labels = labels },
            Spec = new V1NodeSpec
            {
                ProviderID = instance.ProviderId,
                Taints = instance.Taints.Count == 0 ? null : [.. instance.Taints.Select(t => new V1Taint { Key = t.Key, Value = t.Value, Effect = t.Effect })],
            },
            Status = new V1NodeStatus
            {
                Capacity = Quantities(WithPods(type.Capacity ?? type.Allocatable, maxPods)),
                Allocatable = Quantities(WithPods(type.Allocatable, maxPods)),
                Conditions =
                [
                    new V1NodeCondition
                    {
                        Type = "Ready",
                        Status = "True",
                        Reason = "KubeletReady",
                        Message = "kubelet is posting ready status",
                        LastHeartbeatTime = now,
                        LastTransitionTime = now,
                    },
                ],
            },
        };
    }

    private static ResourceList WithPods(ResourceList resources, int? maxPods) =>
        maxPods is { } pods ? resources.With(ResourceNames.Pods, pods * 1000L) : resources;

    private static Dictionary<string, ResourceQuantity> Quantities(ResourceList resources) =>
        resources.ToDictionary(r => r.Key, r => new ResourceQuantity(Quantity.Format(r.Value, binary: r.Key == ResourceNames.Memory)), StringComparer.Ordinal);
}
