using Extender.Core.Cluster;

namespace Extender.Provisioning.Ports;

/// <summary>Writes to Node objects.</summary>
public interface INodePatcher
{
    /// <summary>Adds the labels and taints the node lacks; existing values are left alone.</summary>
    Task EnsureLabelsAndTaintsAsync(string nodeName, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Taint> taints, CancellationToken cancellationToken);
}
