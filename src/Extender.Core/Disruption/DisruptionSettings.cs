namespace Extender.Core.Disruption;

/// <summary>A NodePool's <c>spec.disruption</c>.</summary>
/// <param name="ConsolidationPolicy">
/// <c>WhenEmpty</c>, <c>WhenEmptyOrUnderutilized</c> or Karpenter's <c>Balanced</c> (all three remove empty nodes; the
/// last two also consolidate underused ones, <c>Balanced</c> only when a move's savings are worth its disruption).
/// </param>
/// <param name="ConsolidateAfter">How long a node must stay empty, counted from its last pod bound or removed; null: never.</param>
/// <param name="Budgets">The disruption budgets; empty: unlimited.</param>
public sealed record DisruptionSettings(string ConsolidationPolicy, TimeSpan? ConsolidateAfter, IReadOnlyList<DisruptionBudget> Budgets)
{
    public const string WhenEmpty = "WhenEmpty";
    public const string WhenEmptyOrUnderutilized = "WhenEmptyOrUnderutilized";
    public const string Balanced = "Balanced";

    /// <summary>Karpenter's defaults: consolidate empty or underused nodes at once, at most 10% at a time.</summary>
    public static DisruptionSettings Default { get; } = new(WhenEmptyOrUnderutilized, TimeSpan.Zero, [DisruptionBudget.Default]);

    public bool RemovesEmptyNodes => ConsolidateAfter is not null && ConsolidationPolicy is WhenEmpty or WhenEmptyOrUnderutilized or Balanced;

    public bool ConsolidatesUnderutilized => ConsolidateAfter is not null && ConsolidationPolicy is WhenEmptyOrUnderutilized or Balanced;
}
