using k8s;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>The AWS side of a node: network, image, role, disks and instance metadata options.</summary>
public sealed class EC2NodeClass : IKubernetesObject<V1ObjectMeta>
{
    public const string KindName = "EC2NodeClass";
    public const string Plural = "ec2nodeclasses";

    public string ApiVersion { get; set; } = CustomResourceGroup.ApiVersion;

    public string Kind { get; set; } = KindName;

    public V1ObjectMeta Metadata { get; set; } = new();

    public EC2NodeClassSpec Spec { get; set; } = new();

    public EC2NodeClassStatus? Status { get; set; }
}
