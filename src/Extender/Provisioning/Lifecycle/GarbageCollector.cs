using Extender.Core.Capacity;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Metrics;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// Matches the cloud's instances with the claims, both ways, from one list of the instances this cluster owns: claims
/// whose instance is gone are finished (<see cref="LostCapacity"/>), and instances tagged as this cluster's that no
/// claim accounts for are terminated once they are older than the grace period (a launch in progress is recorded on
/// its claim well within it). One claim or instance that fails does not stop the others.
/// </summary>
internal sealed class GarbageCollector(
    ICapacityProvider capacity,
    ClaimRegistry registry,
    LostCapacity lost,
    ProvisionerMetrics metrics,
    IOptions<LifecycleOptions> options,
    IOptions<ProvisionerOptions> provisionerOptions,
    TimeProvider time,
    ILogger<GarbageCollector> logger)
{
    /// <summary>Returns the leaked instances terminated.</summary>
    public async Task<IReadOnlyList<OwnedInstance>> CollectAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<OwnedInstance> owned;
        using (var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken))
        {
            owned = await capacity.ListOwnedInstancesAsync(call.Token);
        }

        await lost.FinishGoneInstancesAsync(owned, now, cancellationToken);
        var leaked = owned
            .Where(i => i.State is not ("shutting-down" or "terminated"))
            .Where(i => now - i.LaunchedAt >= options.Value.GarbageCollectionGracePeriod)
            .Where(i => (i.NodeClaimName is null || registry.Find(i.NodeClaimName) is null) && registry.FindByProviderId(i.ProviderId) is null)
            .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
            .ToList();
        var terminated = new List<OwnedInstance>(leaked.Count);
        foreach (var instance in leaked)
        {
            LifecycleLog.Leaked(logger, instance.InstanceId, instance.NodeClaimName, instance.LaunchedAt);
            try
            {
                using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
                await capacity.TerminateAsync(instance.ProviderId, call.Token);
                terminated.Add(instance);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.LifecycleError();
                LifecycleLog.LeakedTerminationFailed(logger, instance.InstanceId, ex);
            }
        }

        return terminated;
    }
}
