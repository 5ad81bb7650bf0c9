using Extender.Core.Cluster;

namespace Extender.Disruption.Deciding;

/// <summary>
/// When a pod was last bound to or removed from each node (what <c>consolidateAfter</c> counts from), learned by
/// comparing each pass's pods with the last pass's. Kept in memory: a node first seen (at start, or by a new
/// leader) counts from then, so a restart delays emptiness by at most one <c>consolidateAfter</c>, never hastens it.
/// </summary>
internal sealed class PodActivity
{
    private readonly Dictionary<string, Entry> _nodes = new(StringComparer.Ordinal);
    private long _pass;

    public void Observe(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        var pass = ++_pass;
        foreach (var node in snapshot.Nodes)
        {
            var name = node.Node.Name;
            if (!_nodes.TryGetValue(name, out var last))
            {
                _nodes[name] = new Entry(node.Pods, Signature(node.Pods), now, pass);
                continue;
            }

            // A snapshot replaces a node's pod list only when a pod on it changed, so an unchanged list is the same
            // object: at 5,000 nodes and 50,000 pods, hashing every pod's uid each pass was 5% of the sidecar's CPU.
            if (ReferenceEquals(last.Pods, node.Pods))
            {
                last.Seen = pass;
                continue;
            }

            var signature = Signature(node.Pods);
            _nodes[name] = new Entry(node.Pods, signature, signature == last.Signature ? last.Changed : now, pass);
        }

        if (_nodes.Count > snapshot.Nodes.Count)
        {
            foreach (var gone in _nodes.Where(n => n.Value.Seen != pass).Select(n => n.Key).ToList())
            {
                _nodes.Remove(gone);
            }
        }
    }

    public DateTimeOffset LastChange(string nodeName) => _nodes.TryGetValue(nodeName, out var entry) ? entry.Changed : DateTimeOffset.MaxValue;

    /// <summary>Order-independent over the pods that hold the node (finished pods hold nothing).</summary>
    private static int Signature(IReadOnlyList<Pod> pods)
    {
        var sum = 0;
        var xor = 0;
        var count = 0;
        foreach (var pod in pods)
        {
            if (pod.IsFinished)
            {
                continue;
            }

            var hash = StringComparer.Ordinal.GetHashCode(pod.Uid);
            sum = unchecked(sum + hash);
            xor ^= hash;
            count++;
        }

        return HashCode.Combine(sum, xor, count);
    }

    private sealed class Entry(IReadOnlyList<Pod> pods, int signature, DateTimeOffset changed, long seen)
    {
        public IReadOnlyList<Pod> Pods { get; } = pods;

        public int Signature { get; } = signature;

        public DateTimeOffset Changed { get; } = changed;

        public long Seen { get; set; } = seen;
    }
}
