using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>
/// Applies changes to a base snapshot and builds the next one. Only the node states a change touches are replaced;
/// the sorted node array is copied once per build and re-indexed only when nodes come or go.
/// </summary>
internal sealed class SnapshotBuilder(ClusterSnapshot from)
{
    // null marks a deleted node.
    private readonly Dictionary<string, NodeState?> _nodeChanges = new(StringComparer.Ordinal);
    private PodIndex _pods = from.Pods;

    public bool Changed { get; private set; }

    public IEnumerable<string> NodeNames =>
        from.NodeArray.Select(s => s.Node.Name).Concat(_nodeChanges.Keys).Distinct().Where(n => Find(n) is not null).ToList();

    public IEnumerable<string> PodUids => _pods.ByUid.Keys.ToList();

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
            return new ClusterSnapshot(version, from.NodeArray, from.NodeIndex, _pods);
        }

        if (_nodeChanges.All(c => c.Value is not null && from.NodeIndex.ContainsKey(c.Key)))
        {
            var patched = from.NodeArray.ToArray();
            foreach (var (name, state) in _nodeChanges)
            {
                patched[from.NodeIndex[name]] = state!;
            }

            return new ClusterSnapshot(version, ImmutableCollectionsMarshal.AsImmutableArray(patched), from.NodeIndex, _pods);
        }

        var merged = Merge();
        var index = new Dictionary<string, int>(merged.Length, StringComparer.Ordinal);
        for (var i = 0; i < merged.Length; i++)
        {
            index.Add(merged[i].Node.Name, i);
        }

        return new ClusterSnapshot(version, ImmutableCollectionsMarshal.AsImmutableArray(merged), index, _pods);
    }

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
        var merged = new List<NodeState>(from.NodeArray.Length + added.Count);
        var next = 0;
        foreach (var state in from.NodeArray)
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
