using System.Buffers;
using System.Collections.Immutable;
using System.Text;

namespace Extender.Core.Cluster;

/// <summary>
/// An immutable picture of the cluster: nodes with their bound pods and usage, every known pod by uid, and the
/// pending pods in queue order. Built by <see cref="ClusterState"/>; successive snapshots share structure.
/// </summary>
public sealed class ClusterSnapshot
{
    // Node names are DNS subdomains (at most 253 characters); longer input is transcoded through a rented buffer.
    private const int StackNameLength = 256;

    private readonly NodeStateList _nodes;
    private readonly Dictionary<string, int> _nodeIndex;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _nodeIndexBySpan;
    private NodeLabelIndex? _labels;

    internal ClusterSnapshot(long version, NodeStateList nodes, Dictionary<string, int> nodeIndex, PodIndex pods, NodeLabelIndex? labels = null)
    {
        Version = version;
        _nodes = nodes;
        _nodeIndex = nodeIndex;
        _nodeIndexBySpan = nodeIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        _labels = labels;
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

    internal PodIndex Pods { get; }

    public NodeState? FindNode(string name) => _nodeIndex.TryGetValue(name, out var index) ? _nodes[index] : null;

    /// <summary>The position of the named node in <see cref="Nodes"/>, or -1; looks up without making a string.</summary>
    public int IndexOfNode(ReadOnlySpan<char> name) => _nodeIndexBySpan.TryGetValue(name, out var index) ? index : -1;

    /// <inheritdoc cref="IndexOfNode(ReadOnlySpan{char})"/>
    /// <param name="utf8Name">The name as valid UTF-8, as read from a request.</param>
    public int IndexOfNode(ReadOnlySpan<byte> utf8Name)
    {
        char[]? rented = null;
        Span<char> chars = utf8Name.Length <= StackNameLength
            ? stackalloc char[utf8Name.Length]
            : rented = ArrayPool<char>.Shared.Rent(utf8Name.Length);
        try
        {
            return IndexOfNode(chars[..Encoding.UTF8.GetChars(utf8Name, chars)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

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
