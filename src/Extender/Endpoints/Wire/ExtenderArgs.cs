using System.Text;
using k8s.Models;

namespace Extender.Endpoints.Wire;

/// <summary>
/// The <c>filter</c> and <c>prioritize</c> request. Exactly one of <see cref="Nodes"/> (full node objects, the
/// scheduler's <c>nodeCacheCapable: false</c> mode) and <see cref="NodeNames"/> (<c>nodeCacheCapable: true</c>) is set.
/// Dispose it to return the names' pooled buffer.
/// </summary>
internal sealed record ExtenderArgs(V1Pod Pod, IReadOnlyList<ExtenderNode>? Nodes, NodeNameList? NodeNames) : IDisposable
{
    public int NodeCount => Nodes?.Count ?? NodeNames?.Count ?? 0;

    /// <summary>The name of node <paramref name="index"/> as a new string (for names that outlive the request).</summary>
    public string NodeName(int index) => Nodes is not null ? Nodes[index].Name : NodeNames!.GetString(index);

    /// <summary>The position of the node named <paramref name="name"/> in the request, or -1.</summary>
    public int IndexOfNode(string name)
    {
        if (Nodes is not null)
        {
            for (var i = 0; i < Nodes.Count; i++)
            {
                if (Nodes[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        var utf8 = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i < NodeNames!.Count; i++)
        {
            if (NodeNames[i].SequenceEqual(utf8))
            {
                return i;
            }
        }

        return -1;
    }

    public void Dispose() => NodeNames?.Dispose();
}
