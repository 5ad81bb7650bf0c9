using Extender.Core.Capacity;

namespace Extender.Aws.Images;

/// <summary>Where no API server is registered to ask (the EC2 adapter on its own): classes with an alias cannot resolve, and say why.</summary>
internal sealed class UnknownKubernetesVersion : IKubernetesVersion
{
    public Task<string> GetAsync(CancellationToken cancellationToken) =>
        throw new CapacityException(CapacityErrorKind.Configuration, "the cluster's Kubernetes version is unknown (no API server to ask), so an AMI alias cannot be resolved");
}
