namespace Extender.Kubernetes.CustomResources;

/// <summary>One disruption budget: at most <see cref="Nodes"/> (a count or a percentage) during <see cref="Schedule"/>.</summary>
public sealed class NodePoolBudget
{
    public string? Nodes { get; set; }
    public string? Schedule { get; set; }
    public string? Duration { get; set; }
    public IList<string>? Reasons { get; set; }
}
