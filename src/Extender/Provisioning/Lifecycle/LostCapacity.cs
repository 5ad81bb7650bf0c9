using Extender.Core.Capacity;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Metrics;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// Finishes claims whose capacity went away under them, so that they stop being counted as capacity (pods reserved
/// onto them would wait out the reservation TTL, then be reserved onto them again). As in Karpenter the node is the
/// claim's: a claim whose node was deleted goes too, and its instance is terminated (else it runs on, billed, with no
/// node). A claim whose instance the cloud no longer lists as live (spot reclaim, terminated in the console) goes at
/// once, registered or not, instead of after the registration timeout. Its pending pods are planned again at once.
/// </summary>
internal sealed class LostCapacity(
    ClaimLauncher launcher,
    ClaimRegistry registry,
    ClaimNodes claimNodes,
    ClusterState cluster,
    PodRequeue requeue,
    ProvisionerMetrics metrics,
    IOptions<LifecycleOptions> options,
    ILogger<LostCapacity> logger)
{
    public const string NodeDeletedReason = "node_deleted";
    public const string InstanceGoneReason = "instance_gone";
    public const string EventReason = "NodeClaimLost";

    /// <summary>Finishes <paramref name="claim"/> when the node it had is gone from the cluster; false when it still has one (or never had).</summary>
    public async Task<bool> FinishIfNodeDeletedAsync(NodeClaim claim, ClusterSnapshot snapshot, IReadOnlyDictionary<string, Node> byProviderId, CancellationToken cancellationToken)
    {
        if (claim.Status.ProviderId is not { } providerId || byProviderId.ContainsKey(providerId))
        {
            return false;
        }

        // A registered claim names its node; one whose node came and went before registration was written is known
        // only from the node watch's deletion.
        var deleted = claim.IsRegistered && claim.Status.NodeName is { } nodeName
            ? snapshot.FindNode(nodeName) is null
            : claimNodes.NodeDeleted(providerId);
        if (!deleted)
        {
            return false;
        }

        await FinishAsync(claim, NodeDeletedReason, $"its node {claim.Status.NodeName ?? providerId} was deleted", cancellationToken);
        return true;
    }

    /// <summary>
    /// Finishes the launched claims whose instance is missing from <paramref name="owned"/> (listed at
    /// <paramref name="listedAt"/>) or shutting down. Failures are isolated per claim.
    /// </summary>
    public async Task FinishGoneInstancesAsync(IReadOnlyList<OwnedInstance> owned, DateTimeOffset listedAt, CancellationToken cancellationToken)
    {
        var states = owned.ToDictionary(i => i.ProviderId, i => i.State, StringComparer.Ordinal);

        // As Karpenter does: a Ready node proves its kubelet, hence its instance, still runs, whatever a list that may
        // lag says; once the instance is really gone the node stops reporting and turns NotReady.
        var readyNodes = cluster.Current.Nodes.Where(n => n.Node is { Ready: true, ProviderId: not null })
            .Select(n => n.Node.ProviderId!).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in registry.All)
        {
            if (claim.Deleting || claim.Status.ProviderId is not { } providerId || readyNodes.Contains(providerId)
                || states.GetValueOrDefault(providerId) is { } state && state is not ("shutting-down" or "terminated"))
            {
                continue;
            }

            // The launch answer comes before the instance shows in the cloud's list (which is eventually consistent);
            // a claim with no recorded launch yet is still being written.
            if (claim.Status.Condition(NodeClaimConditionTypes.Launched) is not { Status: true } launched
                || listedAt - launched.LastTransitionTime < options.Value.GarbageCollectionGracePeriod)
            {
                continue;
            }

            var why = states.TryGetValue(providerId, out var gone) ? $"its instance {providerId} is {gone}" : $"its instance {providerId} no longer exists";
            try
            {
                await FinishAsync(claim, InstanceGoneReason, why, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.LifecycleError();
                LifecycleLog.ClaimStepFailed(logger, claim.Name, ex);
            }
        }
    }

    private async Task FinishAsync(NodeClaim claim, string reason, string why, CancellationToken cancellationToken)
    {
        // The instance is terminated before the claim goes (as for a claim deleted by a user): a claim deleted first
        // would leave a running instance that only the garbage collector could find.
        var released = await launcher.DeleteAsync(claim, cancellationToken);
        if (claim.Status.ProviderId is { } providerId)
        {
            claimNodes.ClaimGone(providerId);
        }

        metrics.ClaimLost(reason);
        LifecycleLog.ClaimLost(logger, claim.Name, why, released.Count);
        requeue.Requeue(released, EventReason, $"NodeClaim {claim.Name} was lost: {why}; planning again");
    }
}
