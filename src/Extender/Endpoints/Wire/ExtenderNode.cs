using k8s.Models;

namespace Extender.Endpoints.Wire;

/// <summary>
/// One item of the request's <c>Nodes.items</c>: the typed object for evaluation, and the exact bytes received so a
/// passing node is echoed back unmodified (a typed round trip would drop fields the client model does not know).
/// </summary>
internal sealed record ExtenderNode(V1Node Node, ReadOnlyMemory<byte> Json)
{
    public string Name => Node.Metadata?.Name ?? "";
}
