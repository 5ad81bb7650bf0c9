namespace Extender.Sandbox.Kubelet;

/// <summary>The <c>spec.cluster</c> fields of nodeadm's NodeConfig that decide which cluster a node joins.</summary>
internal sealed record NodeConfigCluster(string Name, string ApiServerEndpoint, string CertificateAuthority);
