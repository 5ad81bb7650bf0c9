using Extender.Core.Cluster;

namespace Extender.Provisioning.Ports;

/// <summary>Writes to Node objects.</summary>
public interface INodePatcher
{
    /// <summary>Adds the labels and taints the node lacks; existing values are left alone.</summary>
    Task EnsureLabelsAndTaintsAsync(string nodeName, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Taint> taints, CancellationToken cancellationToken);

    /// <summary>Adds the termination finalizer, so that deleting the node drains it first.</summary>
    Task EnsureFinalizerAsync(string nodeName, CancellationToken cancellationToken);

    /// <summary>Deletes the node and removes the termination finalizer (its instance is gone); a missing node is success.</summary>
    Task ReleaseAsync(string nodeName, CancellationToken cancellationToken);
}
