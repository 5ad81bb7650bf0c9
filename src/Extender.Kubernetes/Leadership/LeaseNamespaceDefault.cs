using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Leadership;

/// <summary>Fills an unset <see cref="LeaderElectionOptions.LeaseNamespace"/> with this pod's own namespace.</summary>
internal sealed class LeaseNamespaceDefault(PodNamespace podNamespace) : IPostConfigureOptions<LeaderElectionOptions>
{
    public void PostConfigure(string? name, LeaderElectionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.LeaseNamespace))
        {
            options.LeaseNamespace = podNamespace.Resolve();
        }
    }
}
