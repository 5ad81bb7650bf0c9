using Extender.Kubernetes.CustomResources;

namespace Extender.Kubernetes.Writes;

/// <summary>Writes NodeClaims. Updates are read-modify-write on fresh state, retried on 409 Conflict.</summary>
public interface INodeClaimWriter
{
    Task<NodeClaim> CreateAsync(NodeClaim claim, CancellationToken cancellationToken);

    /// <summary>A server-side dry run of <see cref="CreateAsync"/>: validated and answered, never stored.</summary>
    Task DryRunCreateAsync(NodeClaim claim, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current claim (metadata and spec) and writes it back.</summary>
    Task<NodeClaim> UpdateAsync(string name, Action<NodeClaim> change, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current status and writes it through the status subresource.</summary>
    Task<NodeClaim> UpdateStatusAsync(string name, Action<NodeClaimStatus> change, CancellationToken cancellationToken);

    /// <summary>JSON merge patch of the claim (status changes are ignored here: use <see cref="PatchStatusAsync"/>).</summary>
    Task<NodeClaim> PatchAsync(string name, object mergePatch, CancellationToken cancellationToken);

    /// <summary>JSON merge patch through the status subresource, e.g. <c>new { status = new { nodeName = "n1" } }</c>.</summary>
    Task<NodeClaim> PatchStatusAsync(string name, object mergePatch, CancellationToken cancellationToken);

    /// <summary>Deletes the claim; false when it was already gone.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
