using k8s;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// The <c>NodePool</c> custom resource (<c>provisioning.extender.io/v1alpha1</c>, cluster-scoped). Its fields follow
/// Karpenter's <c>karpenter.sh/v1</c> NodePool, so the same type also reads Karpenter manifests.
/// </summary>
public sealed class NodePoolResource : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "provisioning.extender.io";
    public const string Version = "v1alpha1";
    public const string KindName = "NodePool";
    public const string Plural = "nodepools";
    public const string KarpenterApiVersion = "karpenter.sh/v1";

    public string ApiVersion { get; set; } = Group + "/" + Version;
    public string Kind { get; set; } = KindName;
    public V1ObjectMeta Metadata { get; set; } = new();
    public NodePoolSpec Spec { get; set; } = new();
    public NodePoolStatus? Status { get; set; }
}
