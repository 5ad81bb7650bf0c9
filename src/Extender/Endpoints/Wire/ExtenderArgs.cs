using k8s.Models;

namespace Extender.Endpoints.Wire;

/// <summary>
/// The <c>filter</c> and <c>prioritize</c> request. Exactly one of <see cref="Nodes"/> (full node objects, the
/// scheduler's <c>nodeCacheCapable: false</c> mode) and <see cref="NodeNames"/> (<c>nodeCacheCapable: true</c>) is set.
/// </summary>
internal sealed record ExtenderArgs(V1Pod Pod, IReadOnlyList<ExtenderNode>? Nodes, IReadOnlyList<string>? NodeNames)
{
    public int NodeCount => Nodes?.Count ?? NodeNames?.Count ?? 0;

    public string NodeName(int index) => Nodes is not null ? Nodes[index].Name : NodeNames![index];
}
