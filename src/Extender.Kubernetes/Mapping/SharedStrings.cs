using CommunityToolkit.HighPerformance.Buffers;

namespace Extender.Kubernetes.Mapping;

/// <summary>
/// One instance of each repeated string the mapped objects keep. The watch deserializes every object afresh, so
/// without this each of 50,000 kept pods held its own copy of the same namespace, label keys and values, node name,
/// scheduler name and resource names (issue 24: 1.4 million live strings, 66 MB, for 50,000 pods). The pool has a
/// fixed size: values that never repeat (uids, generated hashes) displace each other instead of growing it.
/// </summary>
internal static class SharedStrings
{
    private static readonly StringPool Pool = new(65_536);

    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static bool _unpooled;

    public static string Share(string value) => value.Length == 0 ? "" : _unpooled ? value : Pool.GetOrAdd(value);

    /// <summary>
    /// Runs <paramref name="map"/> with nothing pooled on this thread: what it maps lives for one request and is
    /// garbage after it, and the pool's bucket locks are shared with every watch (in a demo trace, half of all pod-mapping
    /// CPU was spent spinning on them, and the filter's slowest calls were mostly mapping).
    /// </summary>
    public static T Unpooled<T>(Func<T> map)
    {
        var outer = _unpooled;
        _unpooled = true;
        try
        {
            return map();
        }
        finally
        {
            _unpooled = outer;
        }
    }

    public static string? ShareOrNull(string? value) => value is null ? null : Share(value);

    /// <summary>A copy with shared keys and values; every empty or missing map is the same empty instance.</summary>
    public static IReadOnlyDictionary<string, string> Map(IDictionary<string, string>? source)
    {
        if (source is null || source.Count == 0)
        {
            return NoLabels;
        }

        var copy = new Dictionary<string, string>(source.Count, StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            copy[Share(key)] = Share(value ?? "");
        }

        return copy;
    }
}
