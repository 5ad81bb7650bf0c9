using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>
/// A set of topology domains (label key = value pairs), e.g. the nodes or zones that hold a matching pod. Domains are
/// recorded as (key, node position in the snapshot): the label columns read them without a hash per node, and the
/// label values are looked up only if a node outside the snapshot is asked about.
/// </summary>
internal sealed class TopologyDomains(ClusterSnapshot snapshot)
{
    private readonly Dictionary<string, List<int>> _nodesByKey = new(StringComparer.Ordinal);
    private Dictionary<string, HashSet<string>>? _valuesByKey;

    public bool IsEmpty => Values().Count == 0;

    /// <summary>Adds the domain of <paramref name="key"/> that the snapshot node at <paramref name="node"/> lies in, if it has the key.</summary>
    public void Add(string key, int node)
    {
        if (!_nodesByKey.TryGetValue(key, out var nodes))
        {
            nodes = [];
            _nodesByKey.Add(key, nodes);
        }

        nodes.Add(node);
        _valuesByKey = null;
    }

    public bool Contains(string key, string value) => Values().TryGetValue(key, out var values) && values.Contains(value);

    /// <summary>True when a node with <paramref name="nodeLabels"/> lies in any of the domains.</summary>
    public bool ContainsAny(IReadOnlyDictionary<string, string> nodeLabels)
    {
        foreach (var (key, values) in Values())
        {
            if (nodeLabels.TryGetValue(key, out var value) && values.Contains(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"The node lies in one of these domains of <paramref name="column"/>'s key", as a column test.</summary>
    public LabelTest Test(LabelColumn column) => LabelTest.SameValueAs(column, _nodesByKey.GetValueOrDefault(column.Key));

    /// <summary>One test per key, for <see cref="ContainsAny"/> by node position.</summary>
    public LabelTest[] Tests(NodeLabelIndex labels)
    {
        var tests = new LabelTest[_nodesByKey.Count];
        var i = 0;
        foreach (var key in _nodesByKey.Keys)
        {
            tests[i++] = Test(labels.Column(key));
        }

        return tests;
    }

    private Dictionary<string, HashSet<string>> Values() => _valuesByKey ??= CollectValues();

    private Dictionary<string, HashSet<string>> CollectValues()
    {
        var valuesByKey = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (key, nodes) in _nodesByKey)
        {
            foreach (var node in nodes)
            {
                if (!snapshot.Nodes[node].Node.Labels.TryGetValue(key, out var value))
                {
                    continue;
                }

                if (!valuesByKey.TryGetValue(key, out var values))
                {
                    values = new HashSet<string>(StringComparer.Ordinal);
                    valuesByKey.Add(key, values);
                }

                values.Add(value);
            }
        }

        return valuesByKey;
    }
}
