using k8s.Models;

namespace Extender.Tests.Deployment;

/// <summary>
/// A resource whose kind has no KubernetesClient model (our CRDs, Prometheus Operator kinds): envelope and metadata
/// typed, spec free-form.
/// </summary>
public sealed class UntypedResource
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public V1ObjectMeta? Metadata { get; set; }
    public Dictionary<string, object>? Spec { get; set; }
}
