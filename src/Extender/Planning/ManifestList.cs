using k8s;
using k8s.Models;

namespace Extender.Planning;

/// <summary>A <c>kind: List</c> document as <c>kubectl get -o yaml</c> writes it; items are re-read by their own kind.</summary>
internal sealed class ManifestList : IKubernetesObject<V1ListMeta>
{
    public string ApiVersion { get; set; } = "v1";
    public string Kind { get; set; } = "List";
    public V1ListMeta Metadata { get; set; } = new();
    public IList<object>? Items { get; set; }
}
