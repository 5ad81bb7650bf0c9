using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Extender.Core.Cluster;

/// <summary>
/// Node positions by UTF-8 name, for names read straight from request bytes: open addressing over the names stored
/// back to back, so a lookup is one hash, a slot read and one byte comparison, with no transcoding and no string.
/// Built once per set of node names and inherited by snapshots that keep the set.
/// </summary>
internal sealed class Utf8NameTable
{
    private readonly byte[] _names;
    private readonly int[] _ends;

    // (hash << 32) | (position + 1); 0 marks an empty slot. The stored hash spares most mismatching comparisons.
    private readonly ulong[] _slots;
    private readonly int _mask;

    public Utf8NameTable(IReadOnlyList<NodeState> nodes)
    {
        _ends = new int[nodes.Count];
        var names = new byte[nodes.Sum(n => Encoding.UTF8.GetByteCount(n.Node.Name))];
        var length = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            length += Encoding.UTF8.GetBytes(nodes[i].Node.Name, names.AsSpan(length));
            _ends[i] = length;
        }

        _names = names;
        _slots = new ulong[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)nodes.Count * 2))];
        _mask = _slots.Length - 1;
        for (var i = 0; i < nodes.Count; i++)
        {
            var hash = Hash(Name(i));
            var slot = (int)hash & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = ((ulong)hash << 32) | (uint)(i + 1);
        }
    }

    /// <summary>The position of the node named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var hash = Hash(name);
        for (var slot = (int)hash & _mask; ; slot = (slot + 1) & _mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            var position = (int)(uint)entry - 1;
            if ((uint)(entry >> 32) == hash && Name(position).SequenceEqual(name))
            {
                return position;
            }
        }
    }

    private ReadOnlySpan<byte> Name(int position)
    {
        var start = position == 0 ? 0 : _ends[position - 1];
        return _names.AsSpan(start, _ends[position] - start);
    }

    // A multiply-xorshift over 8-byte words: node names are short, and their owner (the API server) is trusted, so
    // speed matters more here than resistance to crafted collisions.
    private static uint Hash(ReadOnlySpan<byte> name)
    {
        var hash = 0x9E3779B97F4A7C15UL ^ (ulong)name.Length;
        while (name.Length >= sizeof(ulong))
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(name)) * 0xFF51AFD7ED558CCDUL;
            hash ^= hash >> 32;
            name = name[sizeof(ulong)..];
        }

        var tail = 0UL;
        for (var i = 0; i < name.Length; i++)
        {
            tail |= (ulong)name[i] << (8 * i);
        }

        hash = (hash ^ tail) * 0xC4CEB9FE1A85EC53UL;
        return (uint)(hash ^ (hash >> 29));
    }
}
