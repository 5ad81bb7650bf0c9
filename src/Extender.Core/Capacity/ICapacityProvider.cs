using Extender.Core.Catalog;

namespace Extender.Core.Capacity;

/// <summary>
/// The port to a cloud. Implementations classify every failure into <see cref="CapacityException"/> at their
/// boundary; callers never see SDK types.
/// </summary>
public interface ICapacityProvider
{
    /// <summary>
    /// Buys one instance for a NodeClaim from the first option that has capacity. The request's client token makes
    /// a retry of the same claim return the same instance instead of buying a second one.
    /// </summary>
    Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>Terminates an instance; an instance that is already gone is success.</summary>
    Task TerminateAsync(string providerId, CancellationToken cancellationToken);

    /// <summary>Every live instance this cluster owns (by tag), for garbage collection.</summary>
    Task<IReadOnlyList<OwnedInstance>> ListOwnedInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Instance types with their offerings and current availability.</summary>
    Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken);
}
