using Extender.Core.Catalog;
using Extender.Core.Resources;
using k8s.Models;

namespace Extender.Sandbox.Kubelet;

/// <summary>The Node a kubelet on this instance registers: labels, capacity and allocatable from the catalog, the
/// launch's labels and taints, <c>providerID</c>, and a Ready condition.</summary>
internal static class NodeFactory
{
    public static V1Node Build(SimulatedInstance instance, InstanceType type, DateTime now)
    {
        var labels = new Dictionary<string, string>(type.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in instance.Labels)
        {
            labels[key] = value;
        }

        labels[WellKnownLabels.InstanceType] = instance.InstanceType;
        labels[WellKnownLabels.Zone] = instance.Zone;
        labels[WellKnownLabels.CapacityType] = instance.CapacityType;
        labels[WellKnownLabels.Hostname] = instance.NodeName;
        labels.TryAdd(WellKnownLabels.Os, "linux");
        labels.TryAdd(WellKnownLabels.Arch, "amd64");

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
                Capacity = Quantities(type.Capacity ?? type.Allocatable),
                Allocatable = Quantities(type.Allocatable),
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

    private static Dictionary<string, ResourceQuantity> Quantities(ResourceList resources) =>
        resources.ToDictionary(r => r.Key, r => new ResourceQuantity(Quantity.Format(r.Value, binary: r.Key == ResourceNames.Memory)), StringComparer.Ordinal);
}
