namespace Extender.Core.Interruption;

/// <summary>What the leader does with the instance's NodeClaim: Karpenter's responses, with room reserved first where the instance's end is announced.</summary>
public enum InterruptionAction
{
    /// <summary>Nothing but the message's deletion.</summary>
    None,

    /// <summary>An event on the node only (rebalance recommendations, unless the NodePool opts in).</summary>
    EventOnly,

    /// <summary>Delete the NodeClaim: its termination finalizer drains the node through the Eviction API (the capacity is lost already).</summary>
    Delete,

    /// <summary>
    /// Hold room for the node's pods, then delete the NodeClaim: its drain waits for that room until the deadline the
    /// announced end leaves (an AWS Health scheduled change: handled as drift is, before its start time).
    /// </summary>
    ReserveAndDelete,

    /// <summary>Mark the instance's offering unavailable, hold room for the node's pods, then delete the NodeClaim: the capacity is being taken back, so do not buy it again.</summary>
    MarkUnavailableAndDelete,

    /// <summary>Mark the claim for the disruption loop, which replaces it within its NodePool's budgets (opted-in rebalance recommendations).</summary>
    Replace,
}
