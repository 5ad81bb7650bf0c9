using System.Collections.Concurrent;
using Extender.Sandbox.Scheduling;
using k8s;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// An informer's store for one resource, fed by a <see cref="WatchLoop{T}"/>: the latest object per namespace/name,
/// and a callback with the old and new object (null when absent) for every change, which event handlers turn into
/// work-queue keys.
/// </summary>
internal sealed class ObjectCache<T>(Action<T?, T?> changed) : IWatchHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);

    public IEnumerable<T> Values => _items.Values;

    public T? Get(string key) => _items.GetValueOrDefault(key);

    public void Replace(IReadOnlyList<T> items)
    {
        var fresh = items.ToDictionary(Key, i => i, StringComparer.Ordinal);
        foreach (var (key, old) in _items)
        {
            if (!fresh.ContainsKey(key) && _items.TryRemove(key, out _))
            {
                changed(old, null);
            }
        }

        foreach (var item in items)
        {
            Upsert(item);
        }
    }

    public void Upsert(T item)
    {
        var key = Key(item);
        _items.TryGetValue(key, out var old);
        _items[key] = item;
        changed(old, item);
    }

    public void Delete(T item)
    {
        _items.TryRemove(Key(item), out var old);
        changed(old ?? item, null);
    }

    public static string Key(T item) => Key(item.Metadata.NamespaceProperty, item.Metadata.Name);

    public static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;
}
