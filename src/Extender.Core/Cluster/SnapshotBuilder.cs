using System.Collections.Immutable;
using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>
/// Applies changes to a base snapshot and builds the next one. Only the node states a change touches are replaced,
/// copying just their chunks of the sorted node list; the list is rebuilt and re-indexed only when nodes come or go.
/// </summary>
internal sealed class SnapshotBuilder(ClusterSnapshot from)
{
    // null marks a deleted node.
    private readonly Dictionary<string, NodeState?> _nodeChanges = new(StringComparer.Ordinal);
    private PodIndex _pods = from.Pods;

    public bool Changed { get; private set; }

    /// <summary>
    /// Builds a snapshot of exactly <paramref name="nodes"/> (the last of a name wins) over <paramref name="pods"/> in
    /// one pass, for re-lists: every node state is made once instead of once per change.
    /// </summary>
    public static ClusterSnapshot Assemble(
        long version, IEnumerable<Node> nodes, PodIndex pods, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels)
    {
        var byName = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            byName[node.Name] = node;
        }

        var states = new NodeState[byName.Count];
        var index = new Dictionary<string, int>(byName.Count, StringComparer.Ordinal);
        var i = 0;
        foreach (var node in byName.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var bound = pods.ByNode.GetValueOrDefault(node.Name, []);
            states[i] = new NodeState(node, bound, Sum(bound));
            index.Add(node.Name, i++);
        }

        return new ClusterSnapshot(version, new NodeStateList(states), index, pods, namespaceLabels: namespaceLabels);
    }

    public void UpsertNode(Node node)
    {
        var existing = Find(node.Name);
        if (existing is not null)
        {
            _nodeChanges[node.Name] = existing with { Node = node };
        }
        else
        {
            var pods = _pods.ByNode.GetValueOrDefault(node.Name, []);
            _nodeChanges[node.Name] = new NodeState(node, pods, Sum(pods));
        }

        Changed = true;
    }

    public void DeleteNode(string name)
    {
        if (Find(name) is null)
        {
            return;
        }

        _nodeChanges[name] = null;
        Changed = true;
    }

    public void UpsertPod(Pod pod)
    {
        if (_pods.ByUid.TryGetValue(pod.Uid, out var old))
        {
            Remove(old);
        }

        _pods = _pods.Add(pod);
        if (PodIndex.HoldsNode(pod))
        {
            Touch(pod.NodeName!, pod.Requests, subtract: false);
        }

        Changed = true;
    }

    public void DeletePod(string uid)
    {
        if (_pods.ByUid.TryGetValue(uid, out var old))
        {
            Remove(old);
            Changed = true;
        }
    }

    public ClusterSnapshot Build(long version)
    {
        if (_nodeChanges.Count == 0)
        {
            return new ClusterSnapshot(
                version, from.NodeList, from.NodeIndex, _pods, from.LabelsIfBuilt, from.Utf8NamesIfBuilt, from.NamespaceLabels);
        }

        if (_nodeChanges.All(c => c.Value is not null && from.NodeIndex.ContainsKey(c.Key)))
        {
            var patched = from.NodeList.SetItems(_nodeChanges.Select(c => KeyValuePair.Create(from.NodeIndex[c.Key], c.Value!)));
            var labels = KeepsLabels() ? from.LabelsIfBuilt : null;
            return new ClusterSnapshot(version, patched, from.NodeIndex, _pods, labels, from.Utf8NamesIfBuilt, from.NamespaceLabels);
        }

        var merged = Merge();
        var index = new Dictionary<string, int>(merged.Length, StringComparer.Ordinal);
        for (var i = 0; i < merged.Length; i++)
        {
            index.Add(merged[i].Node.Name, i);
        }

        return new ClusterSnapshot(version, new NodeStateList(merged), index, _pods, namespaceLabels: from.NamespaceLabels);
    }

    // Every changed node is still at its position (checked by the caller); pod changes leave the Node as it was.
    private bool KeepsLabels() =>
        _nodeChanges.All(c => NodeLabelIndex.SameLabels(from.FindNode(c.Key)!.Node.Labels, c.Value!.Node.Labels));

    private NodeState? Find(string name) => _nodeChanges.TryGetValue(name, out var state) ? state : from.FindNode(name);

    private void Remove(Pod old)
    {
        _pods = _pods.Remove(old);
        if (PodIndex.HoldsNode(old))
        {
            Touch(old.NodeName!, old.Requests, subtract: true);
        }
    }

    private void Touch(string nodeName, ResourceList requests, bool subtract)
    {
        var state = Find(nodeName);
        if (state is null)
        {
            return;
        }

        _nodeChanges[nodeName] = state with
        {
            Pods = _pods.ByNode.GetValueOrDefault(nodeName, []),
            Requested = subtract ? state.Requested.Subtract(requests) : state.Requested.Add(requests),
        };
    }

    // Linear merge of the surviving base nodes with the (few, sorted) added ones keeps node churn at O(nodes).
    private NodeState[] Merge()
    {
        var added = _nodeChanges.Values
            .Where(s => s is not null && !from.NodeIndex.ContainsKey(s.Node.Name))
            .Select(s => s!)
            .OrderBy(s => s.Node.Name, StringComparer.Ordinal)
            .ToList();
        var merged = new List<NodeState>(from.NodeList.Count + added.Count);
        var next = 0;
        foreach (var state in from.NodeList)
        {
            var name = state.Node.Name;
            while (next < added.Count && string.CompareOrdinal(added[next].Node.Name, name) < 0)
            {
                merged.Add(added[next++]);
            }

            if (!_nodeChanges.TryGetValue(name, out var changed))
            {
                merged.Add(state);
            }
            else if (changed is not null)
            {
                merged.Add(changed);
            }
        }

        merged.AddRange(added.Skip(next));
        return [.. merged];
    }

    private static ResourceList Sum(ImmutableArray<Pod> pods)
    {
        var sum = ResourceList.Empty;
        foreach (var pod in pods)
        {
            sum = sum.Add(pod.Requests);
        }

        return sum;
    }
}
