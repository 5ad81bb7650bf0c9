namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec.template</c>: labels every node gets and the node spec.</summary>
public sealed class NodePoolTemplate
{
    public NodePoolTemplateMetadata? Metadata { get; set; }
    public NodePoolTemplateSpec Spec { get; set; } = new();
}
