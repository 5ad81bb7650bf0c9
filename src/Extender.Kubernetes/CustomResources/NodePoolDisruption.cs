namespace Extender.Kubernetes.CustomResources;

/// <summary><c>spec.disruption</c>: when empty or underused nodes may be removed, and how many at once.</summary>
public sealed class NodePoolDisruption
{
    public string? ConsolidationPolicy { get; set; }
    public string? ConsolidateAfter { get; set; }
    public IList<NodePoolBudget>? Budgets { get; set; }
}
