using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Resources;

namespace Extender.Core.Headroom;

/// <summary>
/// The pure headroom decision over one snapshot: for each buffer, which of its slots still stand, which go, and how
/// many replicas must be found room for. A slot on a registered node stands while the node's free room (less what is
/// held there for pending pods) still fits it, slots taken in UID order; one that no longer fits (a pod bound there
/// by hand, or a slot held again after a restart for a pod that had already taken it) is lost and held again
/// elsewhere. A slot on capacity still booting stands. Surplus slots go booting ones first, then the highest UIDs,
/// so the room a pod could bind to now is kept.
/// </summary>
public static class HeadroomDecision
{
    /// <param name="buffers">The buffers, resolved and sized.</param>
    /// <param name="cluster">The snapshot.</param>
    /// <param name="reservations">The ledger.</param>
    /// <param name="now">The decision's time (new slots start at it).</param>
    /// <param name="renewAfter">A standing slot this old is held again on its claim under a new start, so that the reservation TTL never ends it.</param>
    public static IReadOnlyList<BufferRoom> Decide(IReadOnlyList<HeadroomBuffer> buffers, ClusterSnapshot cluster, ReservationSnapshot reservations, DateTimeOffset now, TimeSpan renewAfter)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(reservations);
        var lost = LostSlots(buffers, cluster, reservations);
        return [.. buffers.OrderBy(b => b.Spec.Namespace, StringComparer.Ordinal).ThenBy(b => b.Spec.Name, StringComparer.Ordinal)
            .Select(b => DecideOne(b, cluster, reservations, lost, now, renewAfter))];
    }

    /// <summary>Slots held for buffers that are gone, or can no longer be read: they hold nothing any more.</summary>
    public static IReadOnlyList<string> Orphans(IReadOnlyList<HeadroomBuffer> buffers, ReservationSnapshot reservations)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(reservations);
        var known = buffers.Select(b => b.Key).ToHashSet();
        return [.. reservations.SlotKeys.Where(k => HeadroomKey.IsHeadroom(k) && !known.Contains(k)).SelectMany(reservations.SlotsFor).Select(s => s.Pod.Uid).Order(StringComparer.Ordinal)];
    }

    /// <summary>The buffer whose room <paramref name="pod"/> may take, the first by namespace and name; null for none.</summary>
    public static HeadroomBuffer? For(Pod pod, IReadOnlyList<HeadroomBuffer> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        return buffers.Where(b => b.Admits(pod)).OrderBy(b => b.Spec.Name, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>What the pods bound to <paramref name="nodePool"/>'s nodes request (for a percent-of-pool buffer).</summary>
    public static ResourceList PoolRequested(ClusterSnapshot cluster, string? nodePool)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return nodePool is null
            ? ResourceList.Empty
            : cluster.Nodes.Where(n => n.Node.Labels.TryGetValue(Catalog.WellKnownLabels.NodePool, out var pool) && pool == nodePool)
                .Aggregate(ResourceList.Empty, (sum, n) => sum.Add(n.Requested));
    }

    private static BufferRoom DecideOne(HeadroomBuffer buffer, ClusterSnapshot cluster, ReservationSnapshot reservations, HashSet<string> lost, DateTimeOffset now, TimeSpan renewAfter)
    {
        var slots = reservations.SlotsFor(buffer.Key);
        var standing = slots.Where(s => !lost.Contains(s.Pod.Uid)).ToList();
        var wanted = buffer.Size.Replicas;
        var release = slots.Where(s => lost.Contains(s.Pod.Uid)).Select(s => s.Pod.Uid).ToList();
        if (standing.Count > wanted)
        {
            release.AddRange(standing
                .OrderBy(s => reservations.ReservedNodeOf(s.Pod.Uid) is null ? 0 : 1)
                .ThenByDescending(s => s.Pod.Uid, StringComparer.Ordinal)
                .Take(standing.Count - wanted)
                .Select(s => s.Pod.Uid));
        }

        var kept = standing.Where(s => !release.Contains(s.Pod.Uid)).ToList();
        var ready = kept.Count(s => reservations.ReservedNodeOf(s.Pod.Uid) is { } node && cluster.FindNode(node)?.Node is { Ready: true, Unschedulable: false });
        var hold = Enumerable.Range(0, Math.Max(0, wanted - kept.Count)).Select(i => NewReplica(buffer, now, i)).ToList();
        var renew = kept.Where(s => now - s.ReservedAt >= renewAfter && reservations.ClaimOf(s.Pod.Uid) is not null)
            .Select((s, i) => (s.Pod.Uid, reservations.ClaimOf(s.Pod.Uid)!, NewReplica(buffer, now, hold.Count + i)))
            .Select(r => new SlotRenewal(r.Item1, r.Item2, r.Item3.AsPending, r.Item3.Slot))
            .ToList();
        return new BufferRoom(buffer, slots.Count, ready, hold, release) { ToRenew = renew };
    }

    private static (Pod AsPending, ReservedPod Slot) NewReplica(HeadroomBuffer buffer, DateTimeOffset now, int index)
    {
        // Unique per decision and deterministic: the buffer, the decision's time and the replica's index.
        var uid = ReplacementKey.SlotUid(FormattableString.Invariant($"{buffer.Spec.Uid}-{now.UtcTicks}-{index}"));
        var name = FormattableString.Invariant($"{buffer.Spec.Name}-headroom-{index}");
        var pod = buffer.Template with { Uid = uid, Name = name, Namespace = buffer.Spec.Namespace, NodeName = null, CreatedAt = now, OwnerKind = null, OwnerUid = null };
        return (pod, new ReservedPod(new PodReference(buffer.Spec.Namespace, name, uid), pod.Requests, now) { Replaces = buffer.Key });
    }

    private static HashSet<string> LostSlots(IReadOnlyList<HeadroomBuffer> buffers, ClusterSnapshot cluster, ReservationSnapshot reservations)
    {
        var lost = new HashSet<string>(StringComparer.Ordinal);
        var byNode = buffers.SelectMany(b => reservations.SlotsFor(b.Key))
            .Select(s => (Slot: s, Node: reservations.ReservedNodeOf(s.Pod.Uid)))
            .Where(s => s.Node is not null)
            .GroupBy(s => s.Node!, StringComparer.Ordinal);
        foreach (var group in byNode)
        {
            if (cluster.FindNode(group.Key) is not { } node)
            {
                continue;
            }

            var free = node.Free.Subtract(HeldForOthers(group.Key, cluster, reservations));
            foreach (var (slot, _) in group.OrderBy(s => s.Slot.Pod.Uid, StringComparer.Ordinal))
            {
                if (slot.Demand.FitsIn(free))
                {
                    free = free.Subtract(slot.Demand);
                }
                else
                {
                    lost.Add(slot.Pod.Uid);
                }
            }
        }

        return lost;
    }

    // What the node's claim holds for others than the buffers: pending pods and replacement slots. Pods the snapshot
    // shows bound are left out: the node's free room already counts their requests.
    private static ResourceList HeldForOthers(string nodeName, ClusterSnapshot cluster, ReservationSnapshot reservations)
    {
        var held = ResourceList.Empty;
        foreach (var share in reservations.Claims.Where(c => c.NodeName == nodeName).SelectMany(c => c.Pods.Values))
        {
            if (share.Replaces is not { } key ? cluster.FindPod(share.Pod.Uid)?.NodeName is null : !HeadroomKey.IsHeadroom(key))
            {
                held = held.Add(share.Demand);
            }
        }

        return held;
    }
}
