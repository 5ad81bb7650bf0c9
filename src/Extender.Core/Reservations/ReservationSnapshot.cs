using System.Collections.Immutable;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Reservations;

/// <summary>
/// An immutable picture of every reservation: which claim (and, once registered, which node) holds capacity for which
/// pending pods. Reads are O(1) so the extender can ask on every filter call; every change returns a new snapshot.
/// </summary>
public sealed class ReservationSnapshot
{
    // Immutable (persistent) maps: every binding releases one pod's share, and copying a map of every held pod (and
    // every claim) per change made a 10,000-pod burst's bindings quadratic: about 3 GB copied, most of it on the large
    // object heap, forcing gen-2 collections (LedgerBenchmarks.BindEveryPod). The node maps change only as nodes
    // register, and stay plain dictionaries for the filter's per-node look-ups.
    private readonly ImmutableDictionary<string, ClaimHold> _byClaim;
    private readonly Dictionary<string, string> _claimByNode;
    private readonly Dictionary<string, string> _nodeByClaim;
    private readonly ImmutableDictionary<string, string> _claimByPod;
    private readonly Tombstones _gone;

    // Open replacement slots by the key a new pod must have to take one; each set in ordinal order, so every replica
    // gives a pod the same slot.
    private readonly ImmutableDictionary<ReplacementKey, ImmutableSortedSet<string>> _slots;

    private ReservationSnapshot(ImmutableDictionary<string, ClaimHold> byClaim, Dictionary<string, string> claimByNode, Dictionary<string, string> nodeByClaim, ImmutableDictionary<string, string> claimByPod, Tombstones gone, ImmutableDictionary<ReplacementKey, ImmutableSortedSet<string>> slots)
    {
        _byClaim = byClaim;
        _claimByNode = claimByNode;
        _nodeByClaim = nodeByClaim;
        _claimByPod = claimByPod;
        _gone = gone;
        _slots = slots;
    }

    public static ReservationSnapshot Empty { get; } = new(ImmutableDictionary<string, ClaimHold>.Empty, [], [], ImmutableDictionary<string, string>.Empty, Tombstones.None, ImmutableDictionary<ReplacementKey, ImmutableSortedSet<string>>.Empty);

    /// <summary>The number of pods holding a reservation.</summary>
    public int Count => _claimByPod.Count;

    /// <summary>Every claim's holdings, in claim-name order.</summary>
    public IEnumerable<ClaimHold> Claims => _byClaim.Values.OrderBy(h => h.ClaimName, StringComparer.Ordinal);

    /// <summary>Every pod holding a reservation.</summary>
    public IEnumerable<string> PodUids => _claimByPod.Keys;

    public bool Holds(string podUid) => _claimByPod.ContainsKey(podUid);

    public string? ClaimOf(string podUid) => _claimByPod.GetValueOrDefault(podUid);

    public ClaimHold? OnClaim(string claimName) => _byClaim.GetValueOrDefault(claimName);

    /// <summary>The registered node <paramref name="podUid"/>'s reservation is on; null when it holds none or its capacity still boots.</summary>
    public string? ReservedNodeOf(string podUid) => _claimByPod.TryGetValue(podUid, out var claim) ? _nodeByClaim.GetValueOrDefault(claim) : null;

    /// <summary>The node <paramref name="claimName"/> registered as, whether or not it holds anything now.</summary>
    public string? NodeOf(string claimName) => _nodeByClaim.GetValueOrDefault(claimName);

    /// <summary>
    /// Capacity held on <paramref name="nodeName"/> for pods other than <paramref name="podUid"/>: what that pod may
    /// not use. Pods <paramref name="cluster"/> already shows bound hold nothing: the watch publishes a bound pod (whose
    /// usage then counts on its node) just before its reservation is released, and counting both would turn away the
    /// next pod reserved on the same node.
    /// </summary>
    public ResourceList HeldForOthers(string nodeName, string podUid, ClusterSnapshot cluster)
    {
        if (!_claimByNode.TryGetValue(nodeName, out var claim) || !_byClaim.TryGetValue(claim, out var hold))
        {
            return ResourceList.Empty;
        }

        var held = hold.Total;
        foreach (var (uid, share) in hold.Pods)
        {
            if (uid == podUid || cluster.FindPod(uid)?.NodeName is not null)
            {
                held = held.Subtract(share.Demand);
            }
        }

        return held;
    }

    /// <summary>True when <paramref name="podUid"/>'s reservation is on <paramref name="nodeName"/>.</summary>
    public bool IsReservedOn(string podUid, string nodeName) =>
        _claimByPod.TryGetValue(podUid, out var claim) && _byClaim.TryGetValue(claim, out var hold) && hold.NodeName == nodeName;

    /// <summary>Whether any replacement slot is waiting for its pod (checked on every pod event, so O(1)).</summary>
    public bool HasOpenSlots => !_slots.IsEmpty;

    /// <summary>Whether a slot is open for pods of <paramref name="key"/>.</summary>
    public bool HasSlotFor(ReplacementKey key) => _slots.ContainsKey(key);

    /// <summary>The keys that have open slots.</summary>
    public IEnumerable<ReplacementKey> SlotKeys => _slots.Keys;

    /// <summary>The open slots of <paramref name="key"/>, in UID order.</summary>
    public IReadOnlyList<ReservedPod> SlotsFor(ReplacementKey key) =>
        _slots.TryGetValue(key, out var uids) ? [.. uids.Select(uid => _byClaim[_claimByPod[uid]].Pods[uid])] : [];

    /// <summary>Whether the slot <paramref name="slotUid"/> was taken by a new pod (or given up here) rather than lost with its claim or TTL.</summary>
    public bool WasTaken(string slotUid) => !_claimByPod.ContainsKey(slotUid) && _gone.HasPod(slotUid);

    /// <summary>
    /// Gives <paramref name="pod"/> (new, pending, holding nothing) an open slot held for a pod of its key, one on a
    /// registered node first (so it binds now rather than waiting for a sibling's capacity to boot), then in UID order:
    /// the hold becomes the pod's own, on the same claim, with the same start (its TTL is not extended), and the slot
    /// is remembered as taken so that a lagging claim watch does not open it again. Unchanged when no slot matches.
    /// </summary>
    public ReservationSnapshot Adopt(Pod pod) => Adopt(pod, null, out _);

    /// <summary>
    /// As <see cref="Adopt(Pod)"/>, and when no replacement slot matches, a slot of <paramref name="bufferKey"/> (the
    /// headroom a CapacityBuffer holds for pods like this one; see <c>Headroom</c>).
    /// </summary>
    /// <param name="pod">The new pending pod.</param>
    /// <param name="bufferKey">The key of the buffer whose room the pod may take; null for none.</param>
    /// <param name="taken">The slot it took and its hold now; null when it took none.</param>
    public ReservationSnapshot Adopt(Pod pod, ReplacementKey? bufferKey, out SlotTaken? taken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        taken = null;
        if (_slots.IsEmpty || _claimByPod.ContainsKey(pod.Uid))
        {
            return this;
        }

        ImmutableSortedSet<string>? open = null;
        if ((ReplacementKey.Of(pod) is not { } key || !_slots.TryGetValue(key, out open)) && (bufferKey is null || !_slots.TryGetValue(bufferKey, out open)))
        {
            return this;
        }

        var slotUid = open!.FirstOrDefault(uid => _byClaim[_claimByPod[uid]].NodeName is not null) ?? open.Min!;
        var claim = _claimByPod[slotUid];
        var slot = _byClaim[claim].Pods[slotUid];
        var released = ReleaseHolds([slotUid]);
        var hold = new ReservedPod(new PodReference(pod.Namespace, pod.Name, pod.Uid), slot.Demand, slot.ReservedAt);
        taken = new SlotTaken(claim, slotUid, hold) { Key = slot.Replaces };
        return released.With(released._gone.WithPod(slotUid, slot.ReservedAt)).Reserve(claim, [hold]);
    }

    /// <summary>
    /// Holds capacity on <paramref name="claimName"/> for <paramref name="pods"/>, moving any of them held elsewhere. A
    /// pod deleted while its batch was planned holds nothing.
    /// </summary>
    public ReservationSnapshot Reserve(string claimName, IEnumerable<ReservedPod> pods)
    {
        var byClaim = _byClaim.ToBuilder();
        var byPod = _claimByPod.ToBuilder();
        // A claim that held nothing when its node registered still knows its node: holds added later must protect it.
        var hold = byClaim.GetValueOrDefault(claimName) ?? new ClaimHold(claimName, _nodeByClaim.GetValueOrDefault(claimName), new Dictionary<string, ReservedPod>(), ResourceList.Empty);
        var slots = _slots;
        foreach (var pod in pods)
        {
            if (_gone.IsDeleted(pod.Pod.Uid))
            {
                continue;
            }

            if (byPod.TryGetValue(pod.Pod.Uid, out var previous))
            {
                var source = previous == claimName ? hold : byClaim[previous];
                slots = WithoutSlot(slots, source.Pods.GetValueOrDefault(pod.Pod.Uid));
                if (previous != claimName)
                {
                    byClaim[previous] = byClaim[previous].Without(pod.Pod.Uid);
                }
            }

            hold = hold.With(pod);
            byPod[pod.Pod.Uid] = claimName;
            if (pod.Replaces is { } key)
            {
                slots = slots.SetItem(key, slots.GetValueOrDefault(key, ImmutableSortedSet.Create<string>(StringComparer.Ordinal)).Add(pod.Pod.Uid));
            }
        }

        byClaim[claimName] = hold;
        return new ReservationSnapshot(byClaim.ToImmutable(), _claimByNode, _nodeByClaim, byPod.ToImmutable(), _gone, slots);
    }

    /// <summary>
    /// Records the node a claim registered as, so node-keyed queries see its holdings — also for a claim that holds
    /// nothing yet, since a later batch may place pods onto it before every reader has learnt of the node.
    /// </summary>
    public ReservationSnapshot AttachNode(string claimName, string nodeName)
    {
        if (_nodeByClaim.TryGetValue(claimName, out var known) && known == nodeName)
        {
            return this;
        }

        var byClaim = _byClaim;
        if (_byClaim.TryGetValue(claimName, out var hold))
        {
            byClaim = _byClaim.SetItem(claimName, hold with { NodeName = nodeName });
        }

        var byNode = new Dictionary<string, string>(_claimByNode);
        if (known is not null)
        {
            byNode.Remove(known);
        }

        byNode[nodeName] = claimName;
        var nodeByClaim = new Dictionary<string, string>(_nodeByClaim) { [claimName] = nodeName };
        return new ReservationSnapshot(byClaim, byNode, nodeByClaim, _claimByPod, _gone, _slots);
    }

    /// <summary>Frees the pods' shares (they bound somewhere, or were deleted). Unknown pods are ignored.</summary>
    public ReservationSnapshot ReleasePods(IEnumerable<string> podUids)
    {
        var uids = podUids as IReadOnlyCollection<string> ?? [.. podUids];
        var released = ReleaseHolds(uids);
        return released.With(released._gone.WithoutPods(uids));
    }

    /// <summary>
    /// Frees the deleted pods' shares, held or not yet merged, and remembers the deletions (seen at
    /// <paramref name="now"/>) so that a claim's <c>reservedFor</c>, which still names them, never holds room again.
    /// </summary>
    public ReservationSnapshot ReleaseDeleted(IEnumerable<string> podUids, DateTimeOffset now)
    {
        var uids = podUids as IReadOnlyCollection<string> ?? [.. podUids];
        var released = ReleasePods(uids);
        return released.With(released._gone.WithDeleted(uids, now));
    }

    /// <summary>How many deletions are remembered (<see cref="ReleaseDeleted"/>), for the bound on them.</summary>
    public int DeletedRemembered => _gone.DeletedCount;

    /// <summary>
    /// This snapshot (rebuilt from claims) with the deletions <paramref name="previous"/> remembered, their pods' shares
    /// released: a deletion is a fact about the cluster, not something only this replica held, so a rebuild keeps it.
    /// </summary>
    public ReservationSnapshot WithDeletionsOf(ReservationSnapshot previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous._gone.DeletedCount == 0)
        {
            return this;
        }

        var released = ReleaseHolds(previous._gone.DeletedUids);
        return released.With(released._gone.WithDeletedFrom(previous._gone));
    }

    /// <summary>Forgets deletions seen before <paramref name="before"/> (older than any share the TTL still lets hold).</summary>
    public ReservationSnapshot ForgetDeletionsBefore(DateTimeOffset before) => With(_gone.WithoutDeletedBefore(before));

    private ReservationSnapshot ReleaseHolds(IEnumerable<string> podUids)
    {
        ImmutableDictionary<string, ClaimHold>.Builder? byClaim = null;
        ImmutableDictionary<string, string>.Builder? byPod = null;
        var slots = _slots;
        foreach (var uid in podUids)
        {
            if (!_claimByPod.TryGetValue(uid, out var claim))
            {
                continue;
            }

            byClaim ??= _byClaim.ToBuilder();
            byPod ??= _claimByPod.ToBuilder();
            slots = WithoutSlot(slots, byClaim[claim].Pods.GetValueOrDefault(uid));
            byClaim[claim] = byClaim[claim].Without(uid);
            byPod.Remove(uid);
        }

        return byClaim is null ? this : new ReservationSnapshot(byClaim.ToImmutable(), _claimByNode, _nodeByClaim, byPod!.ToImmutable(), _gone, slots);
    }

    /// <summary>Drops a claim and every share it held (the claim went away).</summary>
    public ReservationSnapshot ReleaseClaim(string claimName)
    {
        var held = _byClaim.TryGetValue(claimName, out var hold);
        var attached = _nodeByClaim.TryGetValue(claimName, out var node);
        if (!held && !attached)
        {
            return With(_gone.WithClaim(claimName));
        }

        var byClaim = _byClaim;
        var byPod = _claimByPod;
        var slots = _slots;
        if (held)
        {
            byClaim = _byClaim.Remove(claimName);
            byPod = _claimByPod.RemoveRange(hold!.Pods.Keys);
            foreach (var share in hold.Pods.Values)
            {
                slots = WithoutSlot(slots, share);
            }
        }

        var byNode = _claimByNode;
        var nodeByClaim = _nodeByClaim;
        if (attached)
        {
            byNode = new Dictionary<string, string>(_claimByNode);
            byNode.Remove(node!);
            nodeByClaim = new Dictionary<string, string>(_nodeByClaim);
            nodeByClaim.Remove(claimName);
        }

        return new ReservationSnapshot(byClaim, byNode, nodeByClaim, byPod, _gone.WithClaim(claimName), slots);
    }

    /// <summary>
    /// Releases the pods' shares and remembers them as given up (their node lost its room), so that the watch, which
    /// still lists them in the claim's <c>reservedFor</c>, does not hold them there again. Their next reservation does.
    /// </summary>
    public ReservationSnapshot GiveUp(IEnumerable<string> podUids)
    {
        var gone = _gone;
        var uids = podUids.ToList();
        foreach (var uid in uids)
        {
            if (_claimByPod.TryGetValue(uid, out var claim) && _byClaim[claim].Pods.TryGetValue(uid, out var share))
            {
                gone = gone.WithPod(uid, share.ReservedAt);
            }
        }

        var released = ReleaseHolds(uids);
        return released.With(gone);
    }

    /// <summary>The watch reported the claim deleted: it can no longer come back, so its tombstone goes.</summary>
    public ReservationSnapshot ForgetClaim(string claimName) => ReleaseClaim(claimName).With(_gone.WithoutClaim(claimName));

    /// <summary>
    /// Takes in a claim as a watch (or a list) shows it: its node, and the shares of its <c>reservedFor</c> that still
    /// count — the pod still pending (or not delivered yet) and not deleted, the share younger than <paramref name="ttl"/>,
    /// newer than any other share of the same pod, and not given up here. A claim being deleted, or deleted here, holds nothing. Every replica applies
    /// the same claims and so answers the same; the leader's own writes are already in, with the same times.
    /// </summary>
    public ReservationSnapshot Merge(NodeClaim claim, Func<string, bool> isStillPending, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(isStillPending);
        if (_gone.IsGone(claim.Name))
        {
            return this;
        }

        if (claim.Deleting)
        {
            return ReleaseClaim(claim.Name);
        }

        var next = claim.Status.NodeName is { } node ? AttachNode(claim.Name, node) : this;
        List<ReservedPod>? shares = null;
        foreach (var share in claim.ReservedFor)
        {
            var uid = share.Pod.Uid;
            if (now - share.ReservedAt >= ttl || _gone.IsGivenUp(uid, share.ReservedAt) || _gone.IsDeleted(uid) || (share.Replaces is null && !isStillPending(uid))
                || (next.HeldShare(uid) is { } held && held.ReservedAt >= share.ReservedAt))
            {
                continue;
            }

            (shares ??= []).Add(share);
        }

        return shares is null ? next : next.Reserve(claim.Name, shares);
    }

    private ReservedPod? HeldShare(string podUid) =>
        _claimByPod.TryGetValue(podUid, out var claim) && _byClaim[claim].Pods.TryGetValue(podUid, out var share) ? share : null;

    private ReservationSnapshot With(Tombstones gone) =>
        ReferenceEquals(gone, _gone) ? this : new ReservationSnapshot(_byClaim, _claimByNode, _nodeByClaim, _claimByPod, gone, _slots);

    private static ImmutableDictionary<ReplacementKey, ImmutableSortedSet<string>> WithoutSlot(ImmutableDictionary<ReplacementKey, ImmutableSortedSet<string>> slots, ReservedPod? share)
    {
        if (share?.Replaces is not { } key || !slots.TryGetValue(key, out var uids))
        {
            return slots;
        }

        var left = uids.Remove(share.Pod.Uid);
        return left.IsEmpty ? slots.Remove(key) : slots.SetItem(key, left);
    }

    /// <summary>The shares whose hold began more than <paramref name="ttl"/> before <paramref name="now"/>, in UID order.</summary>
    public IReadOnlyList<ReservedPod> ExpiredAt(DateTimeOffset now, TimeSpan ttl) =>
        [.. _byClaim.Values.SelectMany(h => h.Pods.Values).Where(p => now - p.ReservedAt >= ttl).OrderBy(p => p.Pod.Uid, StringComparer.Ordinal)];

    /// <summary>
    /// Rebuilds the ledger from the claims' <c>reservedFor</c> (after a restart, or when leadership changes hands), as
    /// <see cref="Merge"/> takes each in: pods no longer pending, shares past the TTL and claims being deleted hold
    /// nothing, and a pod listed by several claims (planned again after its first capacity was lost) holds only its
    /// newest reservation.
    /// </summary>
    public static ReservationSnapshot FromClaims(IEnumerable<NodeClaim> claims, Func<string, bool> isStillPending, DateTimeOffset now, TimeSpan ttl) =>
        claims.OrderBy(c => c.Name, StringComparer.Ordinal).Aggregate(Empty, (snapshot, claim) => snapshot.Merge(claim, isStillPending, now, ttl));
}
