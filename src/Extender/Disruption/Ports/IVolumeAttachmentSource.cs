namespace Extender.Disruption.Ports;

/// <summary>The <c>storage.k8s.io/v1</c> VolumeAttachments: a node is terminated only once its volumes are detached.</summary>
public interface IVolumeAttachmentSource
{
    /// <summary>How many VolumeAttachments still name <paramref name="nodeName"/>.</summary>
    Task<int> CountAttachedAsync(string nodeName, CancellationToken cancellationToken);
}
