using Extender.Core.Claims;

namespace Extender.Provisioning.Ports;

/// <summary>
/// Where NodeClaims are written down (the <c>NodeClaim</c> custom resource). The provisioner's own writes are kept in
/// memory; the store is listed live once per leadership term, and the lifecycle loop notices deletions from the
/// watch cache (<see cref="FindCached"/>), confirming live (<see cref="GetAsync"/>) before it acts on an absence.
/// </summary>
public interface INodeClaimStore
{
    /// <summary>Every claim, read live (a new leader must not start from a cache that lags the previous leader's writes).</summary>
    Task<IReadOnlyList<NodeClaim>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The claim as the NodeClaim watch last showed it, or null; no API call. It lags behind every write, ours
    /// included, so a claim missing here may exist: confirm with <see cref="GetAsync"/> before treating it as gone.
    /// </summary>
    NodeClaim? FindCached(string name);

    /// <summary>Every claim the NodeClaim watch shows; no API call, and as far behind as <see cref="FindCached"/>.</summary>
    IReadOnlyList<NodeClaim> ListCached();

    /// <summary>One claim, read live; null when it does not exist.</summary>
    Task<NodeClaim?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the claim with a finalizer; returns it with its UID and creation time.</summary>
    Task<NodeClaim> CreateAsync(NodeClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="claim"/> down the whole create path without writing it (a server-side dry run), so that the
    /// first real claim does not pay for cold connections and serializers on the detection-to-launch path.
    /// </summary>
    Task WarmUpCreateAsync(NodeClaim claim, CancellationToken cancellationToken);

    Task<NodeClaim> UpdateStatusAsync(string name, NodeClaimStatus status, CancellationToken cancellationToken);

    /// <summary>Appends to <c>spec.reservedFor</c> (pods placed onto capacity already in flight).</summary>
    Task<NodeClaim> AddReservedForAsync(string name, IReadOnlyList<ReservedPod> pods, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the replacement slot <paramref name="slotUid"/> in <c>spec.reservedFor</c> with <paramref name="hold"/>,
    /// the hold of the pod that took it (the entry keeps the slot's <c>replaces</c> key as a record, and counts as the
    /// pod's own); nothing when the slot is no longer listed.
    /// </summary>
    Task<NodeClaim> TakeSlotAsync(string name, string slotUid, ReservedPod hold, CancellationToken cancellationToken);

    /// <summary>Merges <paramref name="annotations"/> into the claim's (the drift hashes, re-stamped when their scheme changes).</summary>
    Task<NodeClaim> AnnotateAsync(string name, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken);

    /// <summary>Deletes the claim, finalizer kept: it is marked deleting until its node is drained and its instance terminated.</summary>
    Task RequestDeletionAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes the finalizer and deletes the claim; call only once its instance is terminated. A missing claim is success.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);
}
