using Extender.Core.Cluster;

namespace Extender.Kubernetes.Writes;

/// <summary>Changes node labels and taints.</summary>
public interface INodeWriter
{
    /// <summary>Sets labels; a null value removes that label. Other labels are untouched.</summary>
    Task PatchLabelsAsync(string nodeName, IReadOnlyDictionary<string, string?> labels, CancellationToken cancellationToken);

    /// <summary>Replaces the node's taints with what <paramref name="change"/> makes of the current ones, retried on conflict.</summary>
    Task UpdateTaintsAsync(string nodeName, Func<IReadOnlyList<Taint>, IReadOnlyList<Taint>> change, CancellationToken cancellationToken);

    /// <summary>Adds or removes one finalizer (retried on conflict); a missing node is success when removing.</summary>
    Task SetFinalizerAsync(string nodeName, string finalizer, bool present, CancellationToken cancellationToken);

    /// <summary>Deletes the node; false when it was already gone.</summary>
    Task<bool> DeleteAsync(string nodeName, CancellationToken cancellationToken);
}
