using System.Collections.Immutable;

namespace Extender.Core.Cluster;

/// <summary>
/// An immutable picture of the cluster: nodes with their bound pods and usage, every known pod by uid, and the
/// pending pods in queue order. Built by <see cref="ClusterState"/>; successive snapshots share structure.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly NodeStateList _nodes;
    private readonly IReadOnlyDictionary<string, int> _nodeIndex;

    internal ClusterSnapshot(long version, NodeStateList nodes, IReadOnlyDictionary<string, int> nodeIndex, PodIndex pods)
    {
        Version = version;
        _nodes = nodes;
        _nodeIndex = nodeIndex;
        Pods = pods;
    }

    public static ClusterSnapshot Empty { get; } = new(0, NodeStateList.Empty, new Dictionary<string, int>(StringComparer.Ordinal), PodIndex.Empty);

    /// <summary>Increases with every publish.</summary>
    public long Version { get; }

    /// <summary>Nodes sorted by name (ordinal).</summary>
    public IReadOnlyList<NodeState> Nodes => _nodes;

    /// <summary>Unbound pods that are neither finished nor terminating, in queue order (priority desc, creation, uid).</summary>
    public IReadOnlyList<Pod> PendingPods => Pods.Pending;

    internal NodeStateList NodeList => _nodes;

    internal IReadOnlyDictionary<string, int> NodeIndex => _nodeIndex;

    internal PodIndex Pods { get; }

    public NodeState? FindNode(string name) => _nodeIndex.TryGetValue(name, out var index) ? _nodes[index] : null;

    /// <summary>
    /// Non-finished pods bound to <paramref name="nodeName"/>, also when the snapshot has no Node of that name (a
    /// full-<c>Nodes</c> extender request may name nodes the watch has not delivered yet).
    /// </summary>
    public IReadOnlyList<Pod> PodsBoundTo(string nodeName) =>
        FindNode(nodeName)?.Pods ?? Pods.ByNode.GetValueOrDefault(nodeName, ImmutableArray<Pod>.Empty);

    /// <summary>Any known pod, finished ones included.</summary>
    public Pod? FindPod(string uid) => Pods.ByUid.GetValueOrDefault(uid);

    /// <summary>Every known pod, finished ones included, in no particular order.</summary>
    public IEnumerable<Pod> AllPods => Pods.ByUid.Values;
}
