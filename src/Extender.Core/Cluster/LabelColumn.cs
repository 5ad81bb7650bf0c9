namespace Extender.Core.Cluster;

/// <summary>
/// One label key across the nodes of a snapshot: every distinct value has a small id, id 0 standing for "the node
/// has no such label", and every node position holds the id of its value. A requirement on the key is decided once
/// per distinct value, and each node then costs two array reads instead of two string hashes.
/// </summary>
internal sealed class LabelColumn
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string?> _values = [null];

    public LabelColumn(string key, ReadOnlySpan<IReadOnlyDictionary<string, string>> labelsByNode)
    {
        Key = key;
        ValueIds = new int[labelsByNode.Length];
        for (var node = 0; node < labelsByNode.Length; node++)
        {
            if (!labelsByNode[node].TryGetValue(key, out var value))
            {
                continue;
            }

            if (!_ids.TryGetValue(value, out var id))
            {
                id = _values.Count;
                _ids.Add(value, id);
                _values.Add(value);
            }

            ValueIds[node] = id;
        }
    }

    public string Key { get; }

    /// <summary>The value id of every node position.</summary>
    public int[] ValueIds { get; }

    /// <summary>Distinct values plus the absent one, which is id 0.</summary>
    public int DistinctCount => _values.Count;

    /// <summary>The value of <paramref name="id"/>; null for id 0, the absent label.</summary>
    public string? ValueOf(int id) => _values[id];

    /// <summary>The id of <paramref name="value"/>, or -1 when no node carries it.</summary>
    public int IdOf(string value) => _ids.TryGetValue(value, out var id) ? id : -1;
}
