using k8s;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>One planned or running node: written before the instance is bought, completed as it comes up.</summary>
public sealed class NodeClaim : IKubernetesObject<V1ObjectMeta>
{
    public const string KindName = "NodeClaim";
    public const string Plural = "nodeclaims";

    public string ApiVersion { get; set; } = CustomResourceGroup.ApiVersion;

    public string Kind { get; set; } = KindName;

    public V1ObjectMeta Metadata { get; set; } = new();

    public NodeClaimSpec Spec { get; set; } = new();

    public NodeClaimStatus? Status { get; set; }
}
