using Extender.Core.Cluster;

namespace Extender.Disruption.Deciding;

/// <summary>
/// When a pod was last bound to or removed from each node (what <c>consolidateAfter</c> counts from), learned by
/// comparing each pass's pods with the last pass's. Kept in memory: a node first seen (at start, or by a new
/// leader) counts from then, so a restart delays emptiness by at most one <c>consolidateAfter</c>, never hastens it.
/// </summary>
internal sealed class PodActivity
{
    private readonly Dictionary<string, (int Signature, DateTimeOffset Changed)> _nodes = new(StringComparer.Ordinal);

    public void Observe(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes)
        {
            var signature = Signature(node.Pods);
            seen.Add(node.Node.Name);
            if (!_nodes.TryGetValue(node.Node.Name, out var last) || last.Signature != signature)
            {
                _nodes[node.Node.Name] = (signature, now);
            }
        }

        foreach (var gone in _nodes.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            _nodes.Remove(gone);
        }
    }

    public DateTimeOffset LastChange(string nodeName) => _nodes.TryGetValue(nodeName, out var entry) ? entry.Changed : DateTimeOffset.MaxValue;

    /// <summary>Order-independent over the pods that hold the node (finished pods hold nothing).</summary>
    private static int Signature(IReadOnlyList<Pod> pods)
    {
        var sum = 0;
        var xor = 0;
        foreach (var pod in pods.Where(p => !p.IsFinished))
        {
            var hash = StringComparer.Ordinal.GetHashCode(pod.Uid);
            sum = unchecked(sum + hash);
            xor ^= hash;
        }

        return HashCode.Combine(sum, xor, pods.Count(p => !p.IsFinished));
    }
}
