using System.Collections;

namespace Extender.Core.Cluster;

/// <summary>
/// The name-sorted node states of a snapshot, stored in fixed-size chunks so that a pod update copies the chunk
/// directory and one chunk (about 1 KB on 5,000 nodes) instead of the whole array.
/// </summary>
internal sealed class NodeStateList : IReadOnlyList<NodeState>
{
    private const int ChunkBits = 6;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly NodeState[][] _chunks;

    public NodeStateList(NodeState[] sorted)
    {
        Count = sorted.Length;
        _chunks = new NodeState[(sorted.Length + ChunkMask) >> ChunkBits][];
        for (var c = 0; c < _chunks.Length; c++)
        {
            _chunks[c] = sorted.AsSpan(c << ChunkBits, Math.Min(ChunkSize, sorted.Length - (c << ChunkBits))).ToArray();
        }
    }

    private NodeStateList(NodeState[][] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public static NodeStateList Empty { get; } = new([]);

    public int Count { get; }

    public NodeState this[int index] => _chunks[index >> ChunkBits][index & ChunkMask];

    /// <summary>A copy with the states at the given positions replaced; untouched chunks are shared.</summary>
    public NodeStateList SetItems(IEnumerable<KeyValuePair<int, NodeState>> replacements)
    {
        var chunks = (NodeState[][])_chunks.Clone();
        var copied = new HashSet<int>();
        foreach (var (index, state) in replacements)
        {
            var c = index >> ChunkBits;
            if (copied.Add(c))
            {
                chunks[c] = (NodeState[])chunks[c].Clone();
            }

            chunks[c][index & ChunkMask] = state;
        }

        return new NodeStateList(chunks, Count);
    }

    public IEnumerator<NodeState> GetEnumerator()
    {
        foreach (var chunk in _chunks)
        {
            foreach (var state in chunk)
            {
                yield return state;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
