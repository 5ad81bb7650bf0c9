using k8s;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// The SIG Autoscaling <c>CapacityBuffer</c> (<c>autoscaling.x-k8s.io</c>, namespaced) as Cluster Autoscaler serves it
/// (<c>v1beta1</c>; <c>v1alpha1</c>, Karpenter's, has the same fields), plus our <see cref="CapacityBufferSpec.Headroom"/> block.
/// </summary>
public sealed class CapacityBuffer : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "autoscaling.x-k8s.io";
    public const string Version = "v1beta1";
    public const string KindName = "CapacityBuffer";
    public const string Plural = "capacitybuffers";

    /// <summary>Upstream's only strategy: keep the room as active capacity. Buffers naming another are left to whoever serves it.</summary>
    public const string ActiveCapacity = "buffer.x-k8s.io/active-capacity";

    public string ApiVersion { get; set; } = Group + "/" + Version;
    public string Kind { get; set; } = KindName;
    public V1ObjectMeta Metadata { get; set; } = new();
    public CapacityBufferSpec Spec { get; set; } = new();
    public CapacityBufferStatus? Status { get; set; }
}
