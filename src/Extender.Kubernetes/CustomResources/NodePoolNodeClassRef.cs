namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec.template.spec.nodeClassRef</c>.</summary>
public sealed class NodePoolNodeClassRef
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
}
