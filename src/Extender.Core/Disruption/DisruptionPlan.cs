namespace Extender.Core.Disruption;

/// <summary>One pass's decisions: the claims to delete, and the candidates a budget or do-not-disrupt annotation kept.</summary>
public sealed record DisruptionPlan(IReadOnlyList<DisruptionDecision> Disrupt, IReadOnlyList<DisruptionDecision> Blocked)
{
    /// <summary>Claims being deleted, these decisions included: while any are, a budget they hold may free up at any moment.</summary>
    public int Disrupting { get; init; }

    /// <summary>
    /// The next waves of a roll (beyond Karpenter): drifted candidates the budget kept this pass, oldest first, up to
    /// <see cref="DisruptionInput.PreSpinWaves"/> times what the budget allows with nothing disrupting. They are not
    /// disrupted (not tainted, not counted); their replacements are reserved now, so that the room is Ready by the
    /// time the budget frees up for them.
    /// </summary>
    public IReadOnlyList<DisruptionDecision> PreSpin { get; init; } = [];
}
