namespace Extender.Core.Disruption;

/// <summary>One pass's decisions: the claims to delete, and the candidates a budget or do-not-disrupt annotation kept.</summary>
public sealed record DisruptionPlan(IReadOnlyList<DisruptionDecision> Disrupt, IReadOnlyList<DisruptionDecision> Blocked);
