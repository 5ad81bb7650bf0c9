using System.Collections.Concurrent;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Ties a launched claim to the node its instance registered as, from whichever side learns first: the launch's answer
/// (the instance's provider ID) or the node watch. The tie must exist before any filter can offer the node: until it
/// does, the extender sees a node with room and no holds, and the scheduler fills it with pods the capacity was not
/// bought for (in a 10,000-pod burst, whole nodes were taken so while the claim's status write waited its turn). So it
/// is made in memory as soon as both halves are known, never after the claim's status is written back.
/// </summary>
internal sealed class ClaimNodes(ClaimRegistry registry, ReservationLedger ledger)
{
    private readonly ConcurrentDictionary<string, string> _nodeByProviderId = new(StringComparer.Ordinal);

    /// <summary>The node watch saw <paramref name="node"/> (before it is published); returns its claim, if any.</summary>
    public NodeClaim? NodeSeen(Node node)
    {
        if (node.ProviderId is not { } providerId)
        {
            return null;
        }

        _nodeByProviderId[providerId] = node.Name;

        // Pairs with the barrier in Launched: each side writes its half, then reads the other's, so at least one sees both.
        Interlocked.MemoryBarrier();
        if (registry.FindByProviderId(providerId) is not { } claim)
        {
            return null;
        }

        ledger.Update(s => s.AttachNode(claim.Name, node.Name));
        return claim;
    }

    public void NodeGone(Node node)
    {
        if (node.ProviderId is { } providerId)
        {
            _nodeByProviderId.TryRemove(KeyValuePair.Create(providerId, node.Name));
        }
    }

    /// <summary>The cloud answered with <paramref name="providerId"/> for <paramref name="claim"/>; its status write follows.</summary>
    public void Launched(NodeClaim claim, string providerId)
    {
        registry.Update(claim, c => c with { Status = c.Status with { ProviderId = providerId } });
        Interlocked.MemoryBarrier();
        if (_nodeByProviderId.TryGetValue(providerId, out var nodeName))
        {
            ledger.Update(s => s.AttachNode(claim.Name, nodeName));
        }
    }
}
