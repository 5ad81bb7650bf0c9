namespace Extender.Core.Interruption;

/// <summary>The response to each kind, as Karpenter's controller chooses it (pkg/controllers/interruption), and where ours goes further.</summary>
public static class InterruptionResponse
{
    /// <param name="kind">The event's kind.</param>
    /// <param name="replacesOnRebalance">Whether the instance's NodePool opts in to replacing on a rebalance recommendation (<see cref="RebalanceRecommendations"/>).</param>
    public static InterruptionAction For(InterruptionKind kind, bool replacesOnRebalance = false) => kind switch
    {
        InterruptionKind.SpotInterrupted or InterruptionKind.CapacityReservationInterrupted => InterruptionAction.MarkUnavailableAndDelete,
        InterruptionKind.ScheduledChange => InterruptionAction.ReserveAndDelete,
        InterruptionKind.InstanceStopped or InterruptionKind.InstanceTerminated or InterruptionKind.InstanceImpaired => InterruptionAction.Delete,
        InterruptionKind.RebalanceRecommendation => replacesOnRebalance ? InterruptionAction.Replace : InterruptionAction.EventOnly,
        _ => InterruptionAction.None,
    };

    /// <summary>The response in words, for the events on the node and the claim.</summary>
    public static string Describe(InterruptionAction action) => action switch
    {
        InterruptionAction.MarkUnavailableAndDelete => "offering marked unavailable, room held for the pods, NodeClaim deleted: the node is drained once that room is Ready",
        InterruptionAction.ReserveAndDelete => "room held for the pods, NodeClaim deleted: the node is drained once that room is Ready, before the change starts",
        InterruptionAction.Delete => "NodeClaim deleted: the node is drained",
        InterruptionAction.Replace => "the NodePool asks for a replacement: the node is replaced within its disruption budgets",
        InterruptionAction.EventOnly => "no action",
        _ => "nothing to do",
    };
}
