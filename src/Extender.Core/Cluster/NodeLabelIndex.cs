using System.Collections.Concurrent;

namespace Extender.Core.Cluster;

/// <summary>
/// The labels of a snapshot's nodes by node position, with a <see cref="LabelColumn"/> per key built the first time
/// a pod asks about that key. Label sets rarely change while pods come and go, so a new snapshot inherits its
/// predecessor's index (and every column built so far) unless a node came, went or changed its labels.
/// </summary>
internal sealed class NodeLabelIndex
{
    // Pods may name keys no node has; past this many the extra columns are built per request, not kept.
    private const int MaxCachedColumns = 256;

    private readonly IReadOnlyDictionary<string, string>[] _labelsByNode;
    private readonly ConcurrentDictionary<string, LabelColumn> _columns = new(StringComparer.Ordinal);

    public NodeLabelIndex(IReadOnlyList<NodeState> nodes)
    {
        _labelsByNode = new IReadOnlyDictionary<string, string>[nodes.Count];
        for (var i = 0; i < _labelsByNode.Length; i++)
        {
            _labelsByNode[i] = nodes[i].Node.Labels;
        }
    }

    public int NodeCount => _labelsByNode.Length;

    public LabelColumn Column(string key)
    {
        if (_columns.TryGetValue(key, out var column))
        {
            return column;
        }

        column = new LabelColumn(key, _labelsByNode);
        return _columns.Count < MaxCachedColumns ? _columns.GetOrAdd(key, column) : column;
    }

    /// <summary>Whether two label sets hold the same entries, so that a node update keeps the index valid.</summary>
    public static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
