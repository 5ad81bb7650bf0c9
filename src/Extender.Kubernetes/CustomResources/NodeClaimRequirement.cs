namespace Extender.Kubernetes.CustomResources;

/// <summary>A node selector requirement with Karpenter's optional <c>minValues</c>.</summary>
public sealed class NodeClaimRequirement
{
    public string Key { get; set; } = "";

    /// <summary>In, NotIn, Exists, DoesNotExist, Gt or Lt.</summary>
    public string Operator { get; set; } = "";

    public IList<string>? Values { get; set; }

    public int? MinValues { get; set; }
}
