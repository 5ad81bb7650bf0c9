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
    private readonly Dictionary<string, ClaimHold> _byClaim;
    private readonly Dictionary<string, string> _claimByNode;
    private readonly Dictionary<string, string> _nodeByClaim;
    private readonly Dictionary<string, string> _claimByPod;

    private ReservationSnapshot(Dictionary<string, ClaimHold> byClaim, Dictionary<string, string> claimByNode, Dictionary<string, string> nodeByClaim, Dictionary<string, string> claimByPod)
    {
        _byClaim = byClaim;
        _claimByNode = claimByNode;
        _nodeByClaim = nodeByClaim;
        _claimByPod = claimByPod;
    }

    public static ReservationSnapshot Empty { get; } = new([], [], [], []);

    /// <summary>The number of pods holding a reservation.</summary>
    public int Count => _claimByPod.Count;

    /// <summary>Every claim's holdings, in claim-name order.</summary>
    public IEnumerable<ClaimHold> Claims => _byClaim.Values.OrderBy(h => h.ClaimName, StringComparer.Ordinal);

    public bool Holds(string podUid) => _claimByPod.ContainsKey(podUid);

    public string? ClaimOf(string podUid) => _claimByPod.GetValueOrDefault(podUid);

    public ClaimHold? OnClaim(string claimName) => _byClaim.GetValueOrDefault(claimName);

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

    /// <summary>Holds capacity on <paramref name="claimName"/> for <paramref name="pods"/>, moving any of them held elsewhere.</summary>
    public ReservationSnapshot Reserve(string claimName, IEnumerable<ReservedPod> pods)
    {
        var byClaim = new Dictionary<string, ClaimHold>(_byClaim);
        var byPod = new Dictionary<string, string>(_claimByPod);
        // A claim that held nothing when its node registered still knows its node: holds added later must protect it.
        var hold = byClaim.GetValueOrDefault(claimName) ?? new ClaimHold(claimName, _nodeByClaim.GetValueOrDefault(claimName), new Dictionary<string, ReservedPod>(), ResourceList.Empty);
        foreach (var pod in pods)
        {
            if (byPod.TryGetValue(pod.Pod.Uid, out var previous) && previous != claimName)
            {
                byClaim[previous] = byClaim[previous].Without(pod.Pod.Uid);
            }

            hold = hold.With(pod);
            byPod[pod.Pod.Uid] = claimName;
        }

        byClaim[claimName] = hold;
        return new ReservationSnapshot(byClaim, _claimByNode, _nodeByClaim, byPod);
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
            byClaim = new Dictionary<string, ClaimHold>(_byClaim) { [claimName] = hold with { NodeName = nodeName } };
        }

        var byNode = new Dictionary<string, string>(_claimByNode);
        if (known is not null)
        {
            byNode.Remove(known);
        }

        byNode[nodeName] = claimName;
        var nodeByClaim = new Dictionary<string, string>(_nodeByClaim) { [claimName] = nodeName };
        return new ReservationSnapshot(byClaim, byNode, nodeByClaim, _claimByPod);
    }

    /// <summary>Frees the pods' shares (they bound somewhere, or were deleted). Unknown pods are ignored.</summary>
    public ReservationSnapshot ReleasePods(IEnumerable<string> podUids)
    {
        Dictionary<string, ClaimHold>? byClaim = null;
        Dictionary<string, string>? byPod = null;
        foreach (var uid in podUids)
        {
            if (!_claimByPod.TryGetValue(uid, out var claim))
            {
                continue;
            }

            byClaim ??= new Dictionary<string, ClaimHold>(_byClaim);
            byPod ??= new Dictionary<string, string>(_claimByPod);
            byClaim[claim] = byClaim[claim].Without(uid);
            byPod.Remove(uid);
        }

        return byClaim is null ? this : new ReservationSnapshot(byClaim, _claimByNode, _nodeByClaim, byPod!);
    }

    /// <summary>Drops a claim and every share it held (the claim went away).</summary>
    public ReservationSnapshot ReleaseClaim(string claimName)
    {
        var held = _byClaim.TryGetValue(claimName, out var hold);
        var attached = _nodeByClaim.TryGetValue(claimName, out var node);
        if (!held && !attached)
        {
            return this;
        }

        var byClaim = _byClaim;
        var byPod = _claimByPod;
        if (held)
        {
            byClaim = new Dictionary<string, ClaimHold>(_byClaim);
            byClaim.Remove(claimName);
            byPod = new Dictionary<string, string>(_claimByPod);
            foreach (var uid in hold!.Pods.Keys)
            {
                byPod.Remove(uid);
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

        return new ReservationSnapshot(byClaim, byNode, nodeByClaim, byPod);
    }

    /// <summary>The shares whose hold began more than <paramref name="ttl"/> before <paramref name="now"/>, in UID order.</summary>
    public IReadOnlyList<ReservedPod> ExpiredAt(DateTimeOffset now, TimeSpan ttl) =>
        [.. _byClaim.Values.SelectMany(h => h.Pods.Values).Where(p => now - p.ReservedAt >= ttl).OrderBy(p => p.Pod.Uid, StringComparer.Ordinal)];

    /// <summary>
    /// Rebuilds the ledger from the claims' <c>reservedFor</c> after a restart. Pods that are no longer pending (bound
    /// or gone) are skipped, as is every claim that is being deleted. A pod listed by several claims (it was planned
    /// again after its first capacity was lost or taken) holds only its newest reservation.
    /// </summary>
    public static ReservationSnapshot FromClaims(IEnumerable<NodeClaim> claims, Func<string, bool> isStillPending)
    {
        var live = claims.Where(c => !c.Deleting).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var newest = new Dictionary<string, (string Claim, DateTimeOffset At)>(StringComparer.Ordinal);
        foreach (var claim in live)
        {
            foreach (var share in claim.ReservedFor)
            {
                if (!newest.TryGetValue(share.Pod.Uid, out var seen) || share.ReservedAt > seen.At)
                {
                    newest[share.Pod.Uid] = (claim.Name, share.ReservedAt);
                }
            }
        }

        var snapshot = Empty;
        foreach (var claim in live)
        {
            if (claim.Status.NodeName is { } node)
            {
                snapshot = snapshot.AttachNode(claim.Name, node);
            }

            var pending = claim.ReservedFor.Where(p => newest[p.Pod.Uid].Claim == claim.Name && isStillPending(p.Pod.Uid)).ToList();
            if (pending.Count > 0)
            {
                snapshot = snapshot.Reserve(claim.Name, pending);
            }
        }

        return snapshot;
    }
}
