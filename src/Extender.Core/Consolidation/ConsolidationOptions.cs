namespace Extender.Core.Consolidation;

/// <summary>Knobs of consolidation.</summary>
public sealed record ConsolidationOptions
{
    /// <summary>
    /// What a move must save, in $/h per unit of its disruption cost, to pay for itself; see <see cref="SavingsPerDisruption"/>.
    /// </summary>
    public const decimal DefaultSavingsPerDisruption = 0.01m;

    /// <summary>
    /// Dollars per hour a move must save per unit of its disruption cost (1 per node plus about one per
    /// default-priority pod moved), as in Karpenter's consolidation savings threshold design. 0 takes any saving, as
    /// Karpenter does today; the default, $0.01/h, is what the diurnal day needed: with any saving taken, moves that
    /// saved $0.002/h evicted five pods and their nodes were consolidated again minutes later (4.89 evictions per
    /// pod-day); at $0.01/h the day costs the same and evicts 3.3 times less (README, *Simulating a day*).
    /// </summary>
    public decimal SavingsPerDisruption { get; init; } = DefaultSavingsPerDisruption;

    /// <summary>
    /// Whether spot nodes may be replaced by cheaper spot nodes (Karpenter's <c>SpotToSpotConsolidation</c> feature
    /// gate). A single spot node is replaced only when at least <see cref="MinSpotToSpotOptions"/> cheaper types fit,
    /// and the replacement launches from the cheapest of them only, so that it does not land on a type it would
    /// immediately consolidate again.
    /// </summary>
    public bool SpotToSpot { get; init; } = true;

    public int MinSpotToSpotOptions { get; init; } = 15;
}
