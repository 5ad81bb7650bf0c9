using Extender.Core.Catalog;
using Extender.Core.Cluster;

namespace Extender.Aws.NodeClasses;

/// <summary>What a node needs to join: the cluster's coordinates, the NodePool's kubelet labels and taints, the class's kubelet settings.</summary>
internal sealed record NodeBootstrap(
    string ClusterName,
    string Endpoint,
    string CertificateAuthority,
    string Cidr,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints)
{
    public KubeletSettings? Kubelet { get; init; }
}
