namespace Extender.Kubernetes.CustomResources;

/// <summary>One disruption budget: at most <see cref="Nodes"/> (a count or a percentage) during <see cref="Schedule"/>.</summary>
public sealed class NodePoolBudget
{
    public string? Nodes { get; set; }
    public string? Schedule { get; set; }
    public string? Duration { get; set; }
    public IList<string>? Reasons { get; set; }

    /// <summary>Beyond Karpenter: at most this many nodes (a count or a percentage) may start disrupting in any rolling hour.</summary>
    public string? MaxPerHour { get; set; }
}
