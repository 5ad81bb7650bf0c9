using k8s;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>The list envelope the API server returns for a custom resource collection.</summary>
public sealed class CustomResourceList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
    where T : IKubernetesObject
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ListMeta Metadata { get; set; } = new();

    public IList<T> Items { get; set; } = [];
}
