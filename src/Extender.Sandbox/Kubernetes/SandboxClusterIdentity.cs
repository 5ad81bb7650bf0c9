namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// The three facts a node's bootstrap (nodeadm's NodeConfig <c>spec.cluster</c>) must get right to join the cluster:
/// its name, the API server endpoint and the cluster CA (base64 of the PEM certificate, as EKS reports it).
/// </summary>
public sealed record SandboxClusterIdentity(string Name, string Endpoint, string CertificateAuthority);
