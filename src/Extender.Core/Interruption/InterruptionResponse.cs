namespace Extender.Core.Interruption;

/// <summary>The response to each kind, as Karpenter's controller chooses it (pkg/controllers/interruption).</summary>
public static class InterruptionResponse
{
    public static InterruptionAction For(InterruptionKind kind) => kind switch
    {
        InterruptionKind.SpotInterrupted or InterruptionKind.CapacityReservationInterrupted => InterruptionAction.MarkUnavailableAndDelete,
        InterruptionKind.InstanceStopped or InterruptionKind.InstanceTerminated or InterruptionKind.ScheduledChange or InterruptionKind.InstanceImpaired => InterruptionAction.Delete,
        InterruptionKind.RebalanceRecommendation => InterruptionAction.EventOnly,
        _ => InterruptionAction.None,
    };

    /// <summary>The response in words, for the events on the node and the claim.</summary>
    public static string Describe(InterruptionAction action) => action switch
    {
        InterruptionAction.MarkUnavailableAndDelete => "offering marked unavailable, NodeClaim deleted: the node is drained",
        InterruptionAction.Delete => "NodeClaim deleted: the node is drained",
        InterruptionAction.EventOnly => "no action",
        _ => "nothing to do",
    };
}
