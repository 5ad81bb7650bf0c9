using System.Collections;
using System.Text;

namespace Extender.Core.Resources;

/// <summary>
/// An immutable set of named quantities in milli-units, kept sorted by name so that equal lists compare equal,
/// print the same, and merge in linear time. Absent names are zero.
/// </summary>
public sealed class ResourceList : IEnumerable<KeyValuePair<string, long>>, IEquatable<ResourceList>
{
    private readonly KeyValuePair<string, long>[] _entries;

    private ResourceList(KeyValuePair<string, long>[] sortedEntries) => _entries = sortedEntries;

    public static ResourceList Empty { get; } = new([]);

    public int Count => _entries.Length;

    /// <summary>The amount of <paramref name="name"/> in milli-units, or 0 when absent.</summary>
    public long this[string name]
    {
        get
        {
            var index = IndexOf(name);
            return index >= 0 ? _entries[index].Value : 0;
        }
    }

    public static ResourceList From(IEnumerable<KeyValuePair<string, long>> entries)
    {
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, milli) in entries)
        {
            merged[name] = merged.GetValueOrDefault(name) + milli;
        }

        return new ResourceList([.. merged.Where(e => e.Value != 0)]);
    }

    public static ResourceList Of(params (string Name, long Milli)[] entries) =>
        From(entries.Select(e => KeyValuePair.Create(e.Name, e.Milli)));

    /// <summary>Parses a Kubernetes resource map; a bad quantity throws <see cref="FormatException"/> naming the resource.</summary>
    public static ResourceList Parse(IEnumerable<KeyValuePair<string, string>>? quantities)
    {
        if (quantities is null)
        {
            return Empty;
        }

        return From(quantities.Select(q => Quantity.TryParseMilli(q.Value, out var milli, out var error)
            ? KeyValuePair.Create(q.Key, milli)
            : throw new FormatException($"resource \"{q.Key}\": {error}")));
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    public ResourceList Add(ResourceList other) => Combine(other, static (a, b) => a + b);

    public ResourceList Subtract(ResourceList other) => Combine(other, static (a, b) => a - b);

    /// <summary>Element-wise maximum: the demand of two phases that never run at the same time.</summary>
    public ResourceList Max(ResourceList other) => Combine(other, Math.Max);

    public ResourceList With(string name, long milli) =>
        From(_entries.Where(e => e.Key != name).Append(KeyValuePair.Create(name, milli)));

    /// <summary>True when every requested amount is within <paramref name="capacity"/>.</summary>
    public bool FitsIn(ResourceList capacity)
    {
        foreach (var (name, milli) in _entries)
        {
            if (milli > 0 && milli > capacity[name])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The names whose request exceeds <paramref name="capacity"/>, in name order.</summary>
    public IEnumerable<string> Shortfalls(ResourceList capacity) =>
        _entries.Where(e => e.Value > 0 && e.Value > capacity[e.Key]).Select(e => e.Key);

    public IEnumerator<KeyValuePair<string, long>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, long>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ResourceList? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);

    public override bool Equals(object? obj) => Equals(obj as ResourceList);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry);
        }

        return hash.ToHashCode();
    }

    /// <summary>Kubernetes-style text, for messages and logs: <c>cpu=1500m memory=4Gi pods=1</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, milli) in _entries)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(name).Append('=').Append(Quantity.Format(milli, ResourceNames.IsBinary(name)));
        }

        return text.ToString();
    }

    private int IndexOf(string name)
    {
        int lo = 0, hi = _entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_entries[mid].Key, name);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private ResourceList Combine(ResourceList other, Func<long, long, long> op)
    {
        var result = new List<KeyValuePair<string, long>>(_entries.Length + other._entries.Length);
        int i = 0, j = 0;
        while (i < _entries.Length || j < other._entries.Length)
        {
            var c = i == _entries.Length ? 1
                : j == other._entries.Length ? -1
                : string.CompareOrdinal(_entries[i].Key, other._entries[j].Key);
            var (name, value) = c switch
            {
                < 0 => (_entries[i].Key, op(_entries[i++].Value, 0)),
                > 0 => (other._entries[j].Key, op(0, other._entries[j++].Value)),
                _ => (_entries[i].Key, op(_entries[i++].Value, other._entries[j++].Value)),
            };
            if (value != 0)
            {
                result.Add(KeyValuePair.Create(name, value));
            }
        }

        return new ResourceList([.. result]);
    }
}
