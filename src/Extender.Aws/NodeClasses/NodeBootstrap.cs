using Extender.Core.Cluster;

namespace Extender.Aws.NodeClasses;

/// <summary>What a node needs to join: the cluster's coordinates and the NodePool's kubelet labels and taints.</summary>
internal sealed record NodeBootstrap(
    string ClusterName,
    string Endpoint,
    string CertificateAuthority,
    string Cidr,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints);
