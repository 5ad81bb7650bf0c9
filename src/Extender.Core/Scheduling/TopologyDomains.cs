namespace Extender.Core.Scheduling;

/// <summary>A set of topology domains (label key = value pairs), e.g. the nodes or zones that hold a matching pod.</summary>
internal sealed class TopologyDomains
{
    private readonly Dictionary<string, HashSet<string>> _valuesByKey = new(StringComparer.Ordinal);

    public bool IsEmpty => _valuesByKey.Count == 0;

    public void Add(string key, IReadOnlyDictionary<string, string> nodeLabels)
    {
        if (!nodeLabels.TryGetValue(key, out var value))
        {
            return;
        }

        if (!_valuesByKey.TryGetValue(key, out var values))
        {
            values = new HashSet<string>(StringComparer.Ordinal);
            _valuesByKey.Add(key, values);
        }

        values.Add(value);
    }

    public bool Contains(string key, string value) => _valuesByKey.TryGetValue(key, out var values) && values.Contains(value);

    /// <summary>True when a node with <paramref name="nodeLabels"/> lies in any of the domains.</summary>
    public bool ContainsAny(IReadOnlyDictionary<string, string> nodeLabels)
    {
        foreach (var (key, values) in _valuesByKey)
        {
            if (nodeLabels.TryGetValue(key, out var value) && values.Contains(value))
            {
                return true;
            }
        }

        return false;
    }
}
