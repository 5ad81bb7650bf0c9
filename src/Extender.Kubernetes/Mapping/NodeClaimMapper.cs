using System.Globalization;
using Extender.Core.Capacity;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Kubernetes.CustomResources;
using k8s.Models;
using CoreNodeClaim = Extender.Core.Claims.NodeClaim;
using CoreNodeClaimStatus = Extender.Core.Claims.NodeClaimStatus;
using ResourceNodeClaim = Extender.Kubernetes.CustomResources.NodeClaim;
using ResourceNodeClaimStatus = Extender.Kubernetes.CustomResources.NodeClaimStatus;

namespace Extender.Kubernetes.Mapping;

/// <summary>
/// Maps the NodeClaim custom resource onto the Core claim and back. Everything the provisioner needs after a restart
/// (launch options with prices, each reserved pod's demand and hold time) is written into the resource.
/// </summary>
public static class NodeClaimMapper
{
    public static CoreNodeClaim ToCore(ResourceNodeClaim resource)
    {
        var meta = resource.Metadata ?? new V1ObjectMeta();
        var spec = resource.Spec ?? new NodeClaimSpec();
        var createdAt = ApiValues.Utc(meta.CreationTimestamp);
        return new CoreNodeClaim
        {
            Name = meta.Name ?? "",
            Uid = meta.Uid ?? "",
            NodePool = spec.NodePool,
            NodeClass = spec.NodeClassRef?.Name ?? "",
            Requirements = [.. spec.Requirements.Select(r => new NodeSelectorRequirement(r.Key, r.Operator, [.. r.Values ?? []]))],
            Options = Options(spec),
            Resources = ApiValues.Resources(spec.Resources?.Requests),
            Labels = meta.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(meta.Labels, StringComparer.Ordinal),
            Annotations = meta.Annotations is null ? new Dictionary<string, string>() : new Dictionary<string, string>(meta.Annotations, StringComparer.Ordinal),
            Taints = Taints(spec.Taints),
            StartupTaints = Taints(spec.StartupTaints),
            ReservedFor = [.. (spec.ReservedFor ?? []).Select(r => new ReservedPod(
                new PodReference(r.Namespace, r.Name, r.Uid), ApiValues.Resources(r.Requests), r.ReservedAt is { } at ? ApiValues.Utc(at) : createdAt)
            {
                // A pod's own entry may keep the key of the slot it took (a record for whoever reads the claim): it is no slot.
                Replaces = r.Replaces is { } key && ReplacementKey.IsSlot(r.Uid) ? new ReplacementKey(r.Namespace, key.OwnerKind, key.OwnerUid, key.Name ?? "", key.Shape) : null,
            })],
            Status = ToCore(resource.Status),
            CreatedAt = createdAt,
            DeletedAt = meta.DeletionTimestamp is { } deleted ? ApiValues.Utc(deleted) : null,
        };
    }

    public static CoreNodeClaimStatus ToCore(ResourceNodeClaimStatus? status) => status is null
        ? new CoreNodeClaimStatus()
        : new CoreNodeClaimStatus
        {
            ProviderId = status.ProviderID,
            InstanceType = status.InstanceType,
            Zone = status.Zone,
            CapacityType = status.CapacityType,
            PricePerHour = status.PricePerHour is { } price ? decimal.Parse(price, CultureInfo.InvariantCulture) : null,
            NodeName = status.NodeName,
            Allocatable = ApiValues.Resources(status.Allocatable),
            Conditions = [.. (status.Conditions ?? []).Select(c => new NodeClaimCondition(
                c.Type, c.Status == "True", c.Reason ?? "", c.Message ?? "", ApiValues.Utc(c.LastTransitionTime)))],
        };

    /// <param name="claim">The claim to write down.</param>
    /// <param name="finalizer">Added so that deleting the claim waits for its instance to be terminated.</param>
    public static ResourceNodeClaim ToResource(CoreNodeClaim claim, string finalizer) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = claim.Name,
            Labels = new Dictionary<string, string>(claim.Labels, StringComparer.Ordinal),
            Annotations = claim.Annotations.Count == 0 ? null : new Dictionary<string, string>(claim.Annotations, StringComparer.Ordinal),
            Finalizers = [finalizer],
        },
        Spec = new NodeClaimSpec
        {
            NodePool = claim.NodePool,
            NodeClassRef = new NodeClaimNodeClassReference { Name = claim.NodeClass },
            Requirements = [.. claim.Requirements.Select(r => new NodeClaimRequirement { Key = r.Key, Operator = r.Operator, Values = [.. r.Values] })],
            Resources = new NodeClaimResources { Requests = QuantityMapper.ToQuantities(claim.Resources) },
            InstanceTypeOptions = [.. claim.Options.Select(o => o.InstanceType).Distinct(StringComparer.Ordinal)],
            LaunchOptions = [.. claim.Options.Select(o => new NodeClaimLaunchOption
            {
                InstanceType = o.InstanceType,
                Zone = o.Zone,
                CapacityType = o.CapacityType,
                PricePerHour = o.PricePerHour.ToString(CultureInfo.InvariantCulture),
            })],
            Taints = V1Taints(claim.Taints),
            StartupTaints = V1Taints(claim.StartupTaints),
            ReservedFor = [.. claim.ReservedFor.Select(Reservation)],
        },
        Status = ToResource(claim.Status),
    };

    public static ResourceNodeClaimStatus ToResource(CoreNodeClaimStatus status) => new()
    {
        ProviderID = status.ProviderId,
        InstanceType = status.InstanceType,
        Zone = status.Zone,
        CapacityType = status.CapacityType,
        PricePerHour = status.PricePerHour?.ToString(CultureInfo.InvariantCulture),
        NodeName = status.NodeName,
        Allocatable = status.Allocatable.Count == 0 ? null : QuantityMapper.ToQuantities(status.Allocatable),
        Conditions = [.. status.Conditions.Select(c => new CustomResourceCondition
        {
            Type = c.Type,
            Status = c.Status ? "True" : "False",
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = c.LastTransitionTime.UtcDateTime,
        })],
    };

    public static NodeClaimReservation Reservation(ReservedPod pod) => new()
    {
        Namespace = pod.Pod.Namespace,
        Name = pod.Pod.Name,
        Uid = pod.Pod.Uid,
        Requests = QuantityMapper.ToQuantities(pod.Demand),
        ReservedAt = pod.ReservedAt.UtcDateTime,
        Replaces = pod.Replaces is { } key ? new NodeClaimReplacement { OwnerKind = key.OwnerKind, OwnerUid = key.OwnerUid, Name = key.Name.Length > 0 ? key.Name : null, Shape = key.Shape } : null,
    };

    private static List<LaunchOption> Options(NodeClaimSpec spec) =>
        spec.LaunchOptions is { Count: > 0 } options
            ? [.. options.Select(o => new LaunchOption(o.InstanceType, o.Zone, o.CapacityType, decimal.Parse(o.PricePerHour, CultureInfo.InvariantCulture)))]
            : [];

    private static List<Taint> Taints(IList<V1Taint>? taints) => [.. (taints ?? []).Select(t => new Taint(t.Key ?? "", t.Value ?? "", t.Effect ?? ""))];

    private static List<V1Taint> V1Taints(IReadOnlyList<Taint> taints) =>
        [.. taints.Select(t => new V1Taint { Key = t.Key, Value = string.IsNullOrEmpty(t.Value) ? null : t.Value, Effect = t.Effect })];
}
