using System.Net;
using Extender.Kubernetes.Client;
using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Kubernetes.Writes;

internal sealed class NodeClaimWriter([FromKeyedServices(KubernetesLane.Provisioning)] IKubernetes client, TimeProvider time) : INodeClaimWriter
{
    private const string Group = CustomResourceGroup.Group;
    private const string Version = CustomResourceGroup.Version;
    private const string Plural = NodeClaim.Plural;

    public Task<NodeClaim> CreateAsync(NodeClaim claim, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateClusterCustomObjectAsync<NodeClaim>(claim, Group, Version, Plural, cancellationToken: cancellationToken);

    public Task DryRunCreateAsync(NodeClaim claim, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateClusterCustomObjectAsync<NodeClaim>(claim, Group, Version, Plural, dryRun: "All", cancellationToken: cancellationToken);

    public Task<NodeClaim> UpdateAsync(string name, Action<NodeClaim> change, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(
            async ct =>
            {
                var claim = await ReadAsync(name, ct);
                change(claim);
                return await client.CustomObjects.ReplaceClusterCustomObjectAsync<NodeClaim>(claim, Group, Version, Plural, name, cancellationToken: ct);
            },
            time,
            cancellationToken);

    public Task<NodeClaim> UpdateStatusAsync(string name, Action<NodeClaimStatus> change, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(
            async ct =>
            {
                var claim = await ReadAsync(name, ct);
                claim.Status ??= new NodeClaimStatus();
                change(claim.Status);
                return await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<NodeClaim>(claim, Group, Version, Plural, name, cancellationToken: ct);
            },
            time,
            cancellationToken);

    public Task<NodeClaim> PatchAsync(string name, object mergePatch, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchClusterCustomObjectAsync<NodeClaim>(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), Group, Version, Plural, name, cancellationToken: cancellationToken);

    public Task<NodeClaim> PatchStatusAsync(string name, object mergePatch, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchClusterCustomObjectStatusAsync<NodeClaim>(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), Group, Version, Plural, name, cancellationToken: cancellationToken);

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(Group, Version, Plural, name, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private Task<NodeClaim> ReadAsync(string name, CancellationToken cancellationToken) =>
        client.CustomObjects.GetClusterCustomObjectAsync<NodeClaim>(Group, Version, Plural, name, cancellationToken);
}
