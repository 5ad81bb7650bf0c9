using Extender.Core.Capacity;
using Extender.Provisioning.Launching;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// Terminates instances tagged as this cluster's that no claim accounts for, once they are older than the grace
/// period (a launch in progress is recorded on its claim well within it).
/// </summary>
internal sealed class GarbageCollector(
    ICapacityProvider capacity,
    ClaimRegistry registry,
    IOptions<LifecycleOptions> options,
    IOptions<ProvisionerOptions> provisionerOptions,
    TimeProvider time,
    ILogger<GarbageCollector> logger)
{
    /// <summary>Returns the instances terminated.</summary>
    public async Task<IReadOnlyList<OwnedInstance>> CollectAsync(CancellationToken cancellationToken)
    {
        using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
        var now = time.GetUtcNow();
        var leaked = (await capacity.ListOwnedInstancesAsync(call.Token))
            .Where(i => i.State is not ("shutting-down" or "terminated"))
            .Where(i => now - i.LaunchedAt >= options.Value.GarbageCollectionGracePeriod)
            .Where(i => (i.NodeClaimName is null || registry.Find(i.NodeClaimName) is null) && registry.FindByProviderId(i.ProviderId) is null)
            .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
            .ToList();
        foreach (var instance in leaked)
        {
            LifecycleLog.Leaked(logger, instance.InstanceId, instance.NodeClaimName, instance.LaunchedAt);
            await capacity.TerminateAsync(instance.ProviderId, call.Token);
        }

        return leaked;
    }
}
