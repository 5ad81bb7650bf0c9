using Extender.Core.Claims;

namespace Extender.Provisioning.Ports;

/// <summary>
/// Where NodeClaims are written down (the <c>NodeClaim</c> custom resource). Reads are live (not a lagging cache):
/// the provisioner's own writes are kept in memory and the store is read only to start and to notice deletions.
/// </summary>
public interface INodeClaimStore
{
    Task<IReadOnlyList<NodeClaim>> ListAsync(CancellationToken cancellationToken);

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

    /// <summary>Removes the finalizer and deletes the claim; call only once its instance is terminated. A missing claim is success.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);
}
