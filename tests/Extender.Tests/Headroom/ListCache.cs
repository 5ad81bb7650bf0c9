using Extender.Kubernetes.State;
using k8s;
using k8s.Models;

namespace Extender.Tests.Headroom;

/// <summary>A watch cache holding what the test puts in it.</summary>
internal sealed class ListCache<T>(params T[] items) : IObjectCache<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public event Action? Changed;

    public IReadOnlyList<T> Items { get; private set; } = items;

    public T? Get(string name, string? @namespace = null) =>
        Items.FirstOrDefault(i => i.Metadata.Name == name && (@namespace is null || i.Metadata.NamespaceProperty == @namespace));

    public void Set(params T[] items)
    {
        Items = items;
        Changed?.Invoke();
    }
}
