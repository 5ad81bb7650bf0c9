using Extender.Core.Cluster;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>Keeps every node patch it is asked for, and which nodes got the finalizer and which were released.</summary>
public sealed class RecordingNodePatcher : INodePatcher
{
    private readonly Lock _gate = new();
    private readonly List<(string Node, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Taint> Taints)> _patches = [];

    public IReadOnlyList<(string Node, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Taint> Taints)> Patches
    {
        get
        {
            lock (_gate)
            {
                return [.. _patches];
            }
        }
    }

    private readonly HashSet<string> _finalized = new(StringComparer.Ordinal);
    private readonly List<string> _released = [];

    /// <summary>Nodes that carry the termination finalizer now.</summary>
    public IReadOnlySet<string> Finalized
    {
        get
        {
            lock (_gate)
            {
                return new HashSet<string>(_finalized, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Nodes deleted and released, in order.</summary>
    public IReadOnlyList<string> Released
    {
        get
        {
            lock (_gate)
            {
                return [.. _released];
            }
        }
    }

    public Task EnsureFinalizerAsync(string nodeName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _finalized.Add(nodeName);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string nodeName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _finalized.Remove(nodeName);
            _released.Add(nodeName);
        }

        return Task.CompletedTask;
    }

    public Task EnsureLabelsAndTaintsAsync(string nodeName, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Taint> taints, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _patches.Add((nodeName, labels, taints));
        }

        return Task.CompletedTask;
    }
}
