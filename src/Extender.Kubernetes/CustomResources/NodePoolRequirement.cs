namespace Extender.Kubernetes.CustomResources;

/// <summary>One entry of <c>spec.template.spec.requirements</c>: a node selector requirement with optional <c>minValues</c>.</summary>
public sealed class NodePoolRequirement
{
    public string Key { get; set; } = "";
    public string Operator { get; set; } = "";
    public IList<string>? Values { get; set; }
    public int? MinValues { get; set; }
}
