using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Disruption.Replacing;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;

namespace Extender.Disruption.Termination;

/// <summary>
/// Takes a NodeClaim whose deletion was requested (or whose Node's was) down without killing a workload abruptly:
/// drain its node (<see cref="NodeDrainer"/>), wait until its volumes are detached, terminate the instance, then take
/// the finalizers off the Node and the claim. The NodePool's <c>terminationGracePeriod</c>, counted from the deletion,
/// bounds the drain and the wait; without one a PodDisruptionBudget can hold the node as long as it refuses.
/// </summary>
internal sealed class NodeTermination(
    NodeDrainer drainer,
    ReplacementGate replacements,
    IVolumeAttachmentSource volumes,
    INodePatcher nodes,
    ClaimLauncher launcher,
    INodePoolSource pools,
    DisruptionMetrics metrics,
    TimeProvider time,
    ILogger<NodeTermination> logger)
{
    // Released nodes stay in the watch-fed snapshot until their deletion arrives; not released again meanwhile.
    private readonly HashSet<string> _released = new(StringComparer.Ordinal);

    /// <summary>When deletion of the claim or of its node was requested; null when neither was.</summary>
    public static DateTimeOffset? RequestedAt(NodeClaim claim, ClusterSnapshot snapshot)
    {
        var nodeDeleted = NodeOf(claim, snapshot)?.Node.DeletedAt;
        return claim.DeletedAt is { } claimDeleted && nodeDeleted is { } node
            ? (claimDeleted < node ? claimDeleted : node)
            : claim.DeletedAt ?? nodeDeleted;
    }

    /// <summary>Advances the termination by one pass.</summary>
    /// <returns>The reservations the claim held, once its instance is terminated and it is gone; null while its node drains.</returns>
    public async Task<IReadOnlyList<ReservedPod>?> StepAsync(NodeClaim claim, DateTimeOffset requestedAt, ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        var node = NodeOf(claim, snapshot);
        var now = time.GetUtcNow();
        if (node is not null)
        {
            var grace = pools.NodePools.FirstOrDefault(p => p.Name == claim.NodePool)?.TerminationGracePeriod;
            var deadline = requestedAt + grace;
            var pastDeadline = deadline <= now;
            // Reserve before evict: the pods leave once the room held for them is Ready (or the wait is over).
            if (!pastDeadline && !await replacements.ReadyToEvictAsync(claim, node, deadline, cancellationToken))
            {
                return null;
            }

            if (!await drainer.DrainAsync(node, claim, deadline, cancellationToken) && !pastDeadline)
            {
                return null;
            }

            // As Karpenter: the instance outlives its volume attachments, so a volume is never torn from a running disk.
            if (!pastDeadline && await volumes.CountAttachedAsync(node.Node.Name, cancellationToken) is > 0 and var attached)
            {
                DisruptionLog.WaitingForVolumes(logger, node.Node.Name, attached);
                return null;
            }
        }

        var released = await launcher.DeleteAsync(claim, cancellationToken);
        replacements.Forget(claim.Name);
        if (node is not null)
        {
            await ReleaseAsync(node.Node.Name, cancellationToken);
        }

        metrics.Gone(now - requestedAt);
        DisruptionLog.Terminated(logger, claim.Name, node?.Node.Name, (now - requestedAt).TotalSeconds, claim.Status.ProviderId, released.Count);
        return released;
    }

    /// <summary>
    /// The claim's node: by the name its status records, else by its provider ID or its claim label, since the node
    /// can join before that status is written (or after the write was lost), and a node found only so must drain too.
    /// </summary>
    internal static NodeState? NodeOf(NodeClaim claim, ClusterSnapshot snapshot)
    {
        if (claim.Status.NodeName is { } name)
        {
            return snapshot.FindNode(name);
        }

        var providerId = claim.Status.ProviderId;
        return snapshot.Nodes.FirstOrDefault(n => (providerId is not null && n.Node.ProviderId == providerId)
            || n.Node.Labels.GetValueOrDefault(WellKnownLabels.NodeClaim) == claim.Name);
    }

    /// <summary>
    /// Releases nodes that carry the termination finalizer but whose claim is gone (finished by another path, or the
    /// release after it failed): their instance was terminated with the claim, so nothing is left to drain.
    /// </summary>
    public async Task ReleaseOrphansAsync(ClusterSnapshot snapshot, IReadOnlyCollection<NodeClaim> claims, CancellationToken cancellationToken)
    {
        _released.RemoveWhere(name => snapshot.FindNode(name) is null);
        var owned = claims.SelectMany(c => new[] { c.Status.NodeName, c.Status.ProviderId }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes.Select(n => n.Node))
        {
            if (node.Finalizers.Contains(TerminationFinalizer.Name) && !_released.Contains(node.Name)
                && !owned.Contains(node.Name) && (node.ProviderId is null || !owned.Contains(node.ProviderId)))
            {
                await ReleaseAsync(node.Name, cancellationToken);
                DisruptionLog.OrphanReleased(logger, node.Name);
            }
        }
    }

    private async Task ReleaseAsync(string nodeName, CancellationToken cancellationToken)
    {
        await nodes.ReleaseAsync(nodeName, cancellationToken);
        _released.Add(nodeName);
        drainer.Forget(nodeName);
    }
}
