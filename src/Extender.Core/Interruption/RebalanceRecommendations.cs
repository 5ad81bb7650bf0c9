using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Disruption;
using Extender.Core.Planning;

namespace Extender.Core.Interruption;

/// <summary>
/// Opt-in handling of EC2 rebalance recommendations (beyond Karpenter, which only records an event; aws#2813 asks for
/// more). A NodePool annotated <see cref="NodePoolAnnotation"/>: <see cref="Replace"/> has each recommended instance's
/// claim marked (<see cref="ClaimAnnotation"/>, the event's time), and the disruption loop then replaces it as a soft
/// interruption: a drift with reason <see cref="DriftReasons.RebalanceRecommendation"/>, so the pool's budgets,
/// do-not-disrupt and reserve before evict apply as they do to any drift. No field of Karpenter's says this, so it is an
/// annotation rather than a new field of the NodePool's spec.
/// </summary>
public static class RebalanceRecommendations
{
    public const string NodePoolAnnotation = WellKnownLabels.Group + "/rebalance-recommendation";
    public const string ClaimAnnotation = WellKnownLabels.Group + "/rebalance-recommended";
    public const string Replace = "Replace";

    /// <summary>Whether a NodePool's annotation value opts it in (<see cref="Replace"/>, any case); anything else is an event only.</summary>
    public static bool OptsIn(string? annotation) => string.Equals(annotation, Replace, StringComparison.OrdinalIgnoreCase);

    /// <summary>The drift of a claim EC2 recommended rebalancing, while its NodePool still opts in; else null.</summary>
    public static Drift? Drift(NodeClaim claim, NodePool pool)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(pool);
        return pool.ReplacesOnRebalanceRecommendation && claim.Annotations.TryGetValue(ClaimAnnotation, out var at)
            ? new Drift(DriftReasons.RebalanceRecommendation, $"EC2 recommended rebalancing its instance at {at}, and NodePool {pool.Name} asks for a replacement ({NodePoolAnnotation}: {Replace})")
            : null;
    }
}
