namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec.template.metadata</c>.</summary>
public sealed class NodePoolTemplateMetadata
{
    public IDictionary<string, string>? Labels { get; set; }
    public IDictionary<string, string>? Annotations { get; set; }
}
