namespace Extender.Aws.Cluster;

/// <summary>What a new node needs to join: the API server endpoint and the base64 cluster CA, as nodeadm takes them.</summary>
internal sealed record ClusterConnection(string Endpoint, string CertificateAuthority);
