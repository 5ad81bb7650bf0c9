using System.Collections.Concurrent;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Ties a launched claim to the node its instance registered as, from whichever side learns first: the claim's provider
/// ID (the leader's launch answer, or the claim watch on every replica) or the node watch. The tie must exist before
/// any filter can offer the node: until it does, the extender sees a node with room and no holds, and the scheduler
/// fills it with pods the capacity was not bought for (in a 10,000-pod burst, whole nodes were taken so while the
/// claims' status writes waited their turn). So it is made in memory as soon as both halves are known.
/// </summary>
internal sealed class ClaimNodes(ClaimRegistry registry, ReservationLedger ledger)
{
    private readonly ConcurrentDictionary<string, string> _nodeByProviderId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _claimByProviderId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _deletedNodes = new(StringComparer.Ordinal);

    /// <summary>The node watch saw <paramref name="node"/> (before it is published); returns this process's record of its claim, if any.</summary>
    public NodeClaim? NodeSeen(Node node)
    {
        if (node.ProviderId is not { } providerId)
        {
            return null;
        }

        _nodeByProviderId[providerId] = node.Name;
        _deletedNodes.TryRemove(providerId, out _);

        // Pairs with the barrier in Learn: each side writes its half, then reads the other's, so at least one sees both.
        Interlocked.MemoryBarrier();
        if (!_claimByProviderId.TryGetValue(providerId, out var claimName))
        {
            return null;
        }

        ledger.Update(s => s.AttachNode(claimName, node.Name));
        return registry.Find(claimName);
    }

    /// <summary>
    /// The node watch saw <paramref name="node"/> deleted; true when it was a claim's. That is remembered until the claim
    /// goes: a node deleted before its claim's registration was written leaves no other trace of having existed.
    /// </summary>
    public bool NodeGone(Node node)
    {
        if (node.ProviderId is not { } providerId)
        {
            return false;
        }

        _nodeByProviderId.TryRemove(KeyValuePair.Create(providerId, node.Name));
        if (!_claimByProviderId.ContainsKey(providerId) && registry.FindByProviderId(providerId) is null)
        {
            return false;
        }

        _deletedNodes[providerId] = 0;
        return true;
    }

    /// <summary>Whether the node of the instance <paramref name="providerId"/> was deleted and has not come back since.</summary>
    public bool NodeDeleted(string providerId) => _deletedNodes.ContainsKey(providerId);

    /// <summary>The cloud answered with <paramref name="providerId"/> for <paramref name="claim"/>; its status write follows.</summary>
    public void Launched(NodeClaim claim, string providerId)
    {
        registry.Update(claim, c => c with { Status = c.Status with { ProviderId = providerId } });
        Learn(claim.Name, providerId);
    }

    /// <summary>The claim watch showed a claim with an instance (on every replica, leader or not).</summary>
    public void ClaimSeen(string claimName, string providerId) => Learn(claimName, providerId);

    /// <summary>Every tie known here, applied to a ledger rebuilt from the claims (whose status may not show them yet).</summary>
    public ReservationSnapshot AttachKnown(ReservationSnapshot snapshot)
    {
        foreach (var (providerId, claimName) in _claimByProviderId)
        {
            if (_nodeByProviderId.TryGetValue(providerId, out var nodeName))
            {
                snapshot = snapshot.AttachNode(claimName, nodeName);
            }
        }

        return snapshot;
    }

    public void ClaimGone(string providerId)
    {
        _claimByProviderId.TryRemove(providerId, out _);
        _deletedNodes.TryRemove(providerId, out _);
    }

    private void Learn(string claimName, string providerId)
    {
        _claimByProviderId[providerId] = claimName;
        Interlocked.MemoryBarrier();
        if (_nodeByProviderId.TryGetValue(providerId, out var nodeName))
        {
            ledger.Update(s => s.AttachNode(claimName, nodeName));
        }
    }
}
