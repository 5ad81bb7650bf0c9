using System.Collections.Concurrent;
using Extender.Provisioning.Detection;

namespace Extender.Tests.Fakes;

/// <summary>Accepts (or, with <see cref="Refuse"/>, refuses) every pod and keeps what it accepted.</summary>
internal sealed class RecordingUnschedulablePodSink : IUnschedulablePodSink
{
    public ConcurrentQueue<UnschedulablePod> Pods { get; } = new();

    public bool Refuse { get; set; }

    public bool TryWrite(UnschedulablePod pod)
    {
        if (Refuse)
        {
            return false;
        }

        Pods.Enqueue(pod);
        return true;
    }
}
