namespace Extender.Core.Consolidation;

/// <summary>Knobs of consolidation.</summary>
public sealed record ConsolidationOptions
{
    /// <summary>
    /// Dollars per hour a move must save per unit of its disruption cost (about one per default-priority pod moved),
    /// as in Karpenter's consolidation savings threshold design; 0 (the default) takes any saving, as Karpenter does today.
    /// </summary>
    public decimal SavingsPerDisruption { get; init; }

    /// <summary>
    /// Whether spot nodes may be replaced by cheaper spot nodes (Karpenter's <c>SpotToSpotConsolidation</c> feature
    /// gate). A single spot node is replaced only when at least <see cref="MinSpotToSpotOptions"/> cheaper types fit,
    /// and the replacement launches from the cheapest of them only, so that it does not land on a type it would
    /// immediately consolidate again.
    /// </summary>
    public bool SpotToSpot { get; init; } = true;

    public int MinSpotToSpotOptions { get; init; } = 15;
}
