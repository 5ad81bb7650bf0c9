using System.Net;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Writes;
using Extender.Provisioning.Launching;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Extender.NodeClasses;

/// <summary>
/// Writes a status only when it differs from the cached object's, onto that object's version. A failed write is
/// logged and left to the next pass: the watch brings the newer version, which wakes the controller again.
/// </summary>
internal sealed class StatusWrites(ICustomResourceStatusWriter writer, IOptions<NodeClassStatusOptions> options, ILogger<StatusWrites> logger)
{
    /// <returns>True when the status was written; false when it was already so or the write failed.</returns>
    public Task<bool> WriteAsync(EC2NodeClass cached, EC2NodeClassStatus status, CancellationToken cancellationToken) =>
        WriteAsync(
            cached.Metadata, cached.Status, status,
            ct => writer.ReplaceStatusAsync(new EC2NodeClass { Metadata = Version(cached.Metadata), Spec = cached.Spec, Status = status }, ct),
            EC2NodeClass.KindName, cancellationToken);

    /// <inheritdoc cref="WriteAsync(EC2NodeClass, EC2NodeClassStatus, CancellationToken)"/>
    public Task<bool> WriteAsync(NodePoolResource cached, NodePoolStatus status, CancellationToken cancellationToken) =>
        WriteAsync(
            cached.Metadata, cached.Status, status,
            ct => writer.ReplaceStatusAsync(new NodePoolResource { Metadata = Version(cached.Metadata), Spec = cached.Spec, Status = status }, ct),
            NodePoolResource.KindName, cancellationToken);

    /// <inheritdoc cref="WriteAsync(EC2NodeClass, EC2NodeClassStatus, CancellationToken)"/>
    public Task<bool> WriteAsync(CapacityBuffer cached, CapacityBufferStatus status, CancellationToken cancellationToken) =>
        WriteAsync(
            cached.Metadata, cached.Status, status,
            ct => writer.ReplaceStatusAsync(new CapacityBuffer { Metadata = Version(cached.Metadata), Spec = cached.Spec, Status = status }, ct),
            CapacityBuffer.KindName, cancellationToken);

    private async Task<bool> WriteAsync<TStatus, TObject>(
        V1ObjectMeta metadata, TStatus? current, TStatus desired, Func<CancellationToken, Task<TObject>> write, string kind, CancellationToken cancellationToken)
    {
        if (current is not null && KubernetesJson.Serialize(current) == KubernetesJson.Serialize(desired))
        {
            return false;
        }

        try
        {
            using var call = CallLimit.Start(options.Value.WriteTimeout, cancellationToken);
            await write(call.Token);
            NodeClassStatusLog.StatusWritten(logger, kind, metadata.Name);
            return true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (e is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict })
            {
                NodeClassStatusLog.StatusConflict(logger, kind, metadata.Name);
            }
            else
            {
                NodeClassStatusLog.StatusWriteFailed(logger, kind, metadata.Name, e);
            }

            return false;
        }
    }

    /// <summary>Only what a status write needs of the metadata: which object, and which version of it.</summary>
    private static V1ObjectMeta Version(V1ObjectMeta metadata) => new() { Name = metadata.Name, NamespaceProperty = metadata.NamespaceProperty, Uid = metadata.Uid, ResourceVersion = metadata.ResourceVersion };
}
