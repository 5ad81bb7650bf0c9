namespace Extender.Core.Disruption;

/// <summary>One pass's decisions: the claims to delete, and the candidates a budget or do-not-disrupt annotation kept.</summary>
public sealed record DisruptionPlan(IReadOnlyList<DisruptionDecision> Disrupt, IReadOnlyList<DisruptionDecision> Blocked)
{
    /// <summary>Claims being deleted, these decisions included: while any are, a budget they hold may free up at any moment.</summary>
    public int Disrupting { get; init; }
}
