using Extender.Core.Claims;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>Keeps every event it is given, in order.</summary>
public sealed class RecordingPodEventRecorder : IPodEventRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedPodEvent> _events = [];

    public IReadOnlyList<RecordedPodEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void Normal(PodReference pod, string reason, string message) => Add(new(pod, "Normal", reason, message));

    public void Warning(PodReference pod, string reason, string message) => Add(new(pod, "Warning", reason, message));

    private void Add(RecordedPodEvent recorded)
    {
        lock (_gate)
        {
            _events.Add(recorded);
        }
    }
}
