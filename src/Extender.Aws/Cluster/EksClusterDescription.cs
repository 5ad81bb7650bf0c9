namespace Extender.Aws.Cluster;

/// <summary>The parts of EKS DescribeCluster's <c>cluster</c> the nodes need; null where the response had none.</summary>
internal sealed record EksClusterDescription(string? Endpoint, string? CertificateAuthority, string? Status);
