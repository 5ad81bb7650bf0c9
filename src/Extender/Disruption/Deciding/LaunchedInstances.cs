using Extender.Core.Capacity;
using Extender.Core.Disruption;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Deciding;

/// <summary>
/// What each instance runs with (image, subnet, security groups), read from the cloud at most once per
/// <see cref="DisruptionOptions.InstanceRefresh"/>, as Karpenter reads instances through a cache for its subnet and
/// security-group drift: one DescribeInstances for the whole fleet, not one per node. A failed read keeps the last
/// answer (drift waits; it is never urgent).
/// </summary>
internal sealed class LaunchedInstances(ICapacityProvider capacity, IOptions<DisruptionOptions> options, TimeProvider time)
{
    private IReadOnlyDictionary<string, LaunchedAs> _byProviderId = new Dictionary<string, LaunchedAs>();
    private DateTimeOffset? _readAt;

    /// <summary>What the instance behind <paramref name="providerId"/> runs with, as of the last read; null when unknown.</summary>
    public LaunchedAs? Find(string providerId) => _byProviderId.GetValueOrDefault(providerId);

    /// <summary>Reads the fleet again when the last read is older than the refresh interval. Called only by the decision loop.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_readAt is { } last && now - last < options.Value.InstanceRefresh)
        {
            return;
        }

        _readAt = now;
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(options.Value.CallTimeout);
        var owned = await capacity.ListOwnedInstancesAsync(call.Token);
        _byProviderId = owned.ToDictionary(i => i.ProviderId, i => new LaunchedAs(i.ImageId, i.SubnetId, i.SecurityGroupIds ?? []), StringComparer.Ordinal);
    }
}
