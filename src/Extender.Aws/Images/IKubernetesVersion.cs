namespace Extender.Aws.Images;

/// <summary>
/// The cluster's Kubernetes minor version (<c>1.33</c>), which picks the images an alias resolves to. The sidecar asks
/// the API server, as Karpenter does.
/// </summary>
public interface IKubernetesVersion
{
    Task<string> GetAsync(CancellationToken cancellationToken);
}
