using Extender.Disruption.Ports;

namespace Extender.TestKit.Fakes.Disruption;

/// <summary>VolumeAttachments a test attaches to and detaches from nodes.</summary>
public sealed class FakeVolumeAttachments : IVolumeAttachmentSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _attached = new(StringComparer.Ordinal);

    public void Set(string nodeName, int attachments)
    {
        lock (_gate)
        {
            _attached[nodeName] = attachments;
        }
    }

    public Task<int> CountAttachedAsync(string nodeName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_attached.GetValueOrDefault(nodeName));
        }
    }
}
