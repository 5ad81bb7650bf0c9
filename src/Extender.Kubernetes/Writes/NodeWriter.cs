using System.Net;
using Extender.Core.Cluster;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Kubernetes.Writes;

internal sealed class NodeWriter([FromKeyedServices(KubernetesLane.Provisioning)] IKubernetes client, TimeProvider time) : INodeWriter
{
    public Task PatchLabelsAsync(string nodeName, IReadOnlyDictionary<string, string?> labels, CancellationToken cancellationToken) =>
        client.CoreV1.PatchNodeAsync(
            new V1Patch(new { metadata = new { labels } }, V1Patch.PatchType.MergePatch), nodeName, cancellationToken: cancellationToken);

    public Task UpdateTaintsAsync(string nodeName, Func<IReadOnlyList<Taint>, IReadOnlyList<Taint>> change, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(
            async ct =>
            {
                var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct);
                var current = (node.Spec?.Taints ?? []).Select(t => new Taint(t.Key ?? "", t.Value ?? "", t.Effect ?? "")).ToList();
                var taints = change(current).Select(t => new V1Taint { Key = t.Key, Value = string.IsNullOrEmpty(t.Value) ? null : t.Value, Effect = t.Effect }).ToList();

                // Merge patch replaces the whole list; the resourceVersion makes it fail with 409 if someone changed it since.
                var patch = new { metadata = new { resourceVersion = node.Metadata.ResourceVersion }, spec = new { taints } };
                return await client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), nodeName, cancellationToken: ct);
            },
            time,
            cancellationToken);

    public async Task SetFinalizerAsync(string nodeName, string finalizer, bool present, CancellationToken cancellationToken)
    {
        try
        {
            await ConflictRetry.RunAsync(
                async ct =>
                {
                    var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct);
                    var current = node.Metadata.Finalizers ?? [];
                    if (current.Contains(finalizer) == present)
                    {
                        return node;
                    }

                    var finalizers = present ? [.. current, finalizer] : current.Where(f => f != finalizer).ToList();

                    // Merge patch replaces the whole list; the resourceVersion makes it fail with 409 if someone changed it since.
                    var patch = new { metadata = new { resourceVersion = node.Metadata.ResourceVersion, finalizers } };
                    return await client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), nodeName, cancellationToken: ct);
                },
                time,
                cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && !present)
        {
        }
    }

    public async Task<bool> DeleteAsync(string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNodeAsync(nodeName, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
