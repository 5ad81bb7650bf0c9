using System.Collections.Immutable;
using Extender.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.State;

/// <summary>A watch-fed cache of API objects (DaemonSets and the custom resources), swapped atomically on change.</summary>
internal sealed class ObjectCache<T> : IObjectCache<T>, IResourceSink<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private ImmutableSortedDictionary<string, T> _byKey = ImmutableSortedDictionary.Create<string, T>(StringComparer.Ordinal);
    private IReadOnlyList<T> _items = [];

    public event Action? Changed;

    public IReadOnlyList<T> Items => Volatile.Read(ref _items);

    public T? Get(string name, string? @namespace = null) =>
        Volatile.Read(ref _byKey).GetValueOrDefault(Key(@namespace, name));

    public IReplacement<T> BeginReplace() => new Replacement(this);

    public void Upsert(T item) => Swap(map => map.SetItem(Key(item), item));

    public void Delete(T item) => Swap(map => map.Remove(Key(item)));

    private void Swap(Func<ImmutableSortedDictionary<string, T>, ImmutableSortedDictionary<string, T>> change)
    {
        lock (_gate)
        {
            var next = change(_byKey);
            Volatile.Write(ref _byKey, next);
            Volatile.Write(ref _items, [.. next.Values]);
        }

        Changed?.Invoke();
    }

    private static string Key(T item) => Key(item.Metadata.NamespaceProperty, item.Metadata.Name);

    private static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    private sealed class Replacement(ObjectCache<T> cache) : IReplacement<T>
    {
        private readonly ImmutableSortedDictionary<string, T>.Builder _items = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);

        public void Add(T item) => _items[Key(item)] = item;

        public void Commit() => cache.Swap(_ => _items.ToImmutable());
    }
}
