using Extender.Core.Claims;
using Extender.Disruption.Ports;

namespace Extender.TestKit.Fakes.Disruption;

/// <summary>Keeps every disruption event as (kind, name, reason, message).</summary>
public sealed class RecordingDisruptionEvents : IDisruptionEvents
{
    private readonly Lock _gate = new();
    private readonly List<(string Kind, string Name, string Reason, string Message)> _events = [];

    public IReadOnlyList<(string Kind, string Name, string Reason, string Message)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void OnNode(string nodeName, bool warning, string reason, string message) => Add("Node", nodeName, reason, message);

    public void OnClaim(NodeClaim claim, bool warning, string reason, string message) => Add("NodeClaim", claim.Name, reason, message);

    public void OnPod(PodReference pod, bool warning, string reason, string message) => Add("Pod", pod.Key, reason, message);

    private void Add(string kind, string name, string reason, string message)
    {
        lock (_gate)
        {
            _events.Add((kind, name, reason, message));
        }
    }
}
