using k8s;
using k8s.Models;

namespace Extender.Kubernetes.State;

/// <summary>The watched objects of one kind: an immutable snapshot, replaced on every change.</summary>
public interface IObjectCache<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Every object, sorted by namespace and name; a consistent snapshot that never changes under the caller.</summary>
    IReadOnlyList<T> Items { get; }

    /// <summary>The object named <paramref name="name"/> (in <paramref name="namespace"/> for namespaced kinds), or null.</summary>
    T? Get(string name, string? @namespace = null);

    /// <summary>Raised after every change, on the watch thread; handlers must be quick.</summary>
    event Action? Changed;
}
