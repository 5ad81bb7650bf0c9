using Extender.Disruption.Ports;
using k8s;

namespace Extender.Wiring;

/// <summary>
/// VolumeAttachments read live when a drained node is about to be terminated (once per node, so no watch is kept).
/// Listed by field selector where the server supports it; filtered here as well, since older servers ignore it.
/// </summary>
internal sealed class KubernetesVolumeAttachments(IKubernetes client) : IVolumeAttachmentSource
{
    public async Task<int> CountAttachedAsync(string nodeName, CancellationToken cancellationToken)
    {
        var list = await client.StorageV1.ListVolumeAttachmentAsync(cancellationToken: cancellationToken);
        return list.Items.Count(a => a.Spec?.NodeName == nodeName);
    }
}
