using Extender.Core.Disruption;
using Extender.Disruption.Ports;

namespace Extender.TestKit.Fakes.Disruption;

/// <summary>Node classes a test gives a hash and a resolution, and changes.</summary>
public sealed class FakeNodeClassDrift : INodeClassDrift
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Hash, ResolvedNodeClass Resolved)> _classes = new(StringComparer.Ordinal);

    public void Set(string nodeClass, string hash, ResolvedNodeClass? resolved = null)
    {
        lock (_gate)
        {
            _classes[nodeClass] = (hash, resolved ?? new ResolvedNodeClass([], [], []));
        }
    }

    public string? Hash(string nodeClass)
    {
        lock (_gate)
        {
            return _classes.TryGetValue(nodeClass, out var known) ? known.Hash : null;
        }
    }

    public ResolvedNodeClass? Resolved(string nodeClass)
    {
        lock (_gate)
        {
            return _classes.TryGetValue(nodeClass, out var known) ? known.Resolved : null;
        }
    }
}
