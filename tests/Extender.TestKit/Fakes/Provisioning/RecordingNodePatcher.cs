using Extender.Core.Cluster;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>Keeps every node patch it is asked for.</summary>
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

    public Task EnsureLabelsAndTaintsAsync(string nodeName, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Taint> taints, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _patches.Add((nodeName, labels, taints));
        }

        return Task.CompletedTask;
    }
}
