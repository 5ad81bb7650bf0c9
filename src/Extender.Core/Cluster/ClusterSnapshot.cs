using System.Collections.Immutable;

namespace Extender.Core.Cluster;

/// <summary>
/// An immutable picture of the cluster: nodes with their bound pods and usage, every known pod by uid, and the
/// pending pods in queue order. Built by <see cref="ClusterState"/>; successive snapshots share structure.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly NodeStateList _nodes;
    private readonly Dictionary<string, int> _nodeIndex;
    private NodeLabelIndex? _labels;
    private Utf8NameTable? _utf8Names;

    internal ClusterSnapshot(
        long version,
        NodeStateList nodes,
        Dictionary<string, int> nodeIndex,
        PodIndex pods,
        NodeLabelIndex? labels = null,
        Utf8NameTable? utf8Names = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels = null)
    {
        Version = version;
        NamespaceLabels = namespaceLabels;
        _nodes = nodes;
        _nodeIndex = nodeIndex;
        _labels = labels;
        _utf8Names = utf8Names;
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

    internal Dictionary<string, int> NodeIndex => _nodeIndex;

    /// <summary>
    /// The node labels by position in <see cref="Nodes"/>, built on first use (a benign race: two callers may each
    /// build one) or inherited from the previous snapshot when no node's labels changed.
    /// </summary>
    internal NodeLabelIndex Labels => _labels ??= new NodeLabelIndex(_nodes);

    /// <summary>The index built so far, if any, for a successor snapshot to inherit.</summary>
    internal NodeLabelIndex? LabelsIfBuilt => _labels;

    /// <summary>The UTF-8 name table built so far, if any, for a successor with the same node names.</summary>
    internal Utf8NameTable? Utf8NamesIfBuilt => _utf8Names;

    internal PodIndex Pods { get; }

    /// <summary>
    /// Every namespace of the cluster with its labels, for the namespace selectors of pod (anti-)affinity terms
    /// (kube-scheduler matches them against the Namespace objects); null when the feed does not watch namespaces.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? NamespaceLabels { get; }

    /// <summary>The same picture with other namespace labels (namespaces change rarely and touch nothing else).</summary>
    internal ClusterSnapshot WithNamespaceLabels(long version, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels) =>
        new(version, _nodes, _nodeIndex, Pods, _labels, _utf8Names, namespaceLabels);

    public NodeState? FindNode(string name) => IndexOfNode(name) is var index and >= 0 ? _nodes[index] : null;

    /// <summary>The position of the named node in <see cref="Nodes"/>, or -1.</summary>
    public int IndexOfNode(string name) => _nodeIndex.TryGetValue(name, out var index) ? index : -1;

    /// <summary>
    /// <see cref="IndexOfNode(string)"/> for a name read from request bytes, without making a string. The first call
    /// on a set of node names builds the lookup table; snapshots that keep the set share it.
    /// </summary>
    public int IndexOfNode(ReadOnlySpan<byte> utf8Name) =>
        (_utf8Names ??= new Utf8NameTable(_nodes)).IndexOf(utf8Name);

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
