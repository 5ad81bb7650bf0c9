using Extender.Core.Claims;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Kubernetes.Mapping;
using k8s;
using ResourceNodeClaim = Extender.Kubernetes.CustomResources.NodeClaim;

namespace Extender.Kubernetes.Tests.Mapping;

/// <summary>A replacement slot survives the NodeClaim's <c>reservedFor</c>, so every replica (and a restart) holds it.</summary>
public sealed class ReplacementSlotMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ReplicaSet", "")]
    [InlineData("StatefulSet", "db-0")]
    public void NodeClaim_SlotAndOwnHold_RoundTripThroughTheResourceJson(string ownerKind, string name)
    {
        var key = new ReplacementKey("shop", ownerKind, "uid-owner", name, "0123456789abcdef");
        var demand = ResourceList.Of(("cpu", 1500), ("pods", 1000));
        var claim = new NodeClaim
        {
            Name = "default-abcde",
            NodePool = "default",
            NodeClass = "default",
            CreatedAt = At,
            ReservedFor =
            [
                new ReservedPod(new PodReference("shop", "web-old", ReplacementKey.SlotUid("uid-old")), demand, At) { Replaces = key },
                new ReservedPod(new PodReference("shop", "web-new", "uid-new"), demand, At),
            ],
        };
        var resource = NodeClaimMapper.ToResource(claim, "finalizer");
        resource.Metadata.CreationTimestamp = At.UtcDateTime;

        var back = NodeClaimMapper.ToCore(KubernetesJson.Deserialize<ResourceNodeClaim>(KubernetesJson.Serialize(resource)));

        Assert.Equal(key, back.ReservedFor[0].Replaces);
        Assert.Null(back.ReservedFor[1].Replaces);
        Assert.Equal(ReplacementKey.SlotUid("uid-old"), back.ReservedFor[0].Pod.Uid);
    }

    /// <summary>A slot taken by a pod is written as the pod's entry keeping the slot's key as a record: it maps as the pod's own hold, not a slot.</summary>
    [Fact]
    public void NodeClaim_PodEntryKeepingTheKeyOfTheSlotItTook_MapsAsThePodsOwnHold()
    {
        var key = new ReplacementKey("shop", "ReplicaSet", "uid-owner", "", "0123456789abcdef");
        var demand = ResourceList.Of(("cpu", 1500), ("pods", 1000));
        var claim = new NodeClaim { Name = "default-abcde", NodePool = "default", NodeClass = "default", CreatedAt = At, ReservedFor = [new ReservedPod(new PodReference("shop", "web-new", "uid-new"), demand, At) { Replaces = key }] };
        var resource = NodeClaimMapper.ToResource(claim, "finalizer");
        resource.Metadata.CreationTimestamp = At.UtcDateTime;

        var back = NodeClaimMapper.ToCore(resource);

        Assert.NotNull(resource.Spec.ReservedFor![0].Replaces);
        Assert.Null(back.ReservedFor[0].Replaces);
        Assert.Equal("uid-new", back.ReservedFor[0].Pod.Uid);
    }
}
