using System.Collections.Immutable;

namespace Extender.Core.Cluster;

/// <summary>Maps from a key to the set of pods (by uid) filed under it; an emptied set leaves the map.</summary>
internal static class Postings
{
    public static ImmutableDictionary<string, Pod> EmptySet { get; } = ImmutableDictionary.Create<string, Pod>(StringComparer.Ordinal);

    public static ImmutableDictionary<TKey, ImmutableDictionary<string, Pod>> Add<TKey>(
        ImmutableDictionary<TKey, ImmutableDictionary<string, Pod>> map, TKey key, Pod pod)
        where TKey : notnull =>
        map.SetItem(key, map.GetValueOrDefault(key, EmptySet).SetItem(pod.Uid, pod));

    public static ImmutableDictionary<TKey, ImmutableDictionary<string, Pod>> Remove<TKey>(
        ImmutableDictionary<TKey, ImmutableDictionary<string, Pod>> map, TKey key, Pod pod)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set))
        {
            return map;
        }

        var remaining = set.Remove(pod.Uid);
        return remaining.IsEmpty ? map.Remove(key) : map.SetItem(key, remaining);
    }

    /// <summary>Builds a map in one pass with mutable builders, for a full re-list.</summary>
    public static ImmutableDictionary<TKey, ImmutableDictionary<string, Pod>> Group<TKey>(
        IEnumerable<(TKey Key, Pod Pod)> entries, IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        var groups = new Dictionary<TKey, ImmutableDictionary<string, Pod>.Builder>(comparer);
        foreach (var (key, pod) in entries)
        {
            if (!groups.TryGetValue(key, out var set))
            {
                set = EmptySet.ToBuilder();
                groups.Add(key, set);
            }

            set[pod.Uid] = pod;
        }

        var map = ImmutableDictionary.CreateBuilder<TKey, ImmutableDictionary<string, Pod>>(comparer);
        foreach (var (key, set) in groups)
        {
            map.Add(key, set.ToImmutable());
        }

        return map.ToImmutable();
    }
}
