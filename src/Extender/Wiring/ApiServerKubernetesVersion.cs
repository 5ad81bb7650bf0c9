using Extender.Aws.Images;
using k8s;

namespace Extender.Wiring;

/// <summary>
/// The cluster's Kubernetes version from the API server's <c>/version</c> (major.minor, EKS's <c>33+</c> trimmed), as
/// Karpenter reads it; asked again after five minutes so that an upgraded control plane moves the aliases' images.
/// </summary>
internal sealed class ApiServerKubernetesVersion(IKubernetes client, TimeProvider time) : IKubernetesVersion
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private (string Version, DateTimeOffset Until)? _cached;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cached is { } hit && now < hit.Until)
            {
                return hit.Version;
            }
        }

        // The client's own request timeout bounds the call (Kubernetes:RequestTimeout).
        var info = await client.Version.GetCodeAsync(cancellationToken);
        var version = $"{info.Major}.{info.Minor.TrimEnd('+')}";
        lock (_gate)
        {
            _cached = (version, now + Ttl);
        }

        return version;
    }
}
