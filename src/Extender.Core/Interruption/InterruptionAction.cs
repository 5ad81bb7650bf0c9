namespace Extender.Core.Interruption;

/// <summary>What the leader does with the instance's NodeClaim, as Karpenter's interruption controller does today.</summary>
public enum InterruptionAction
{
    /// <summary>Nothing but the message's deletion.</summary>
    None,

    /// <summary>An event on the node only (rebalance recommendations: opt-in handling comes later).</summary>
    EventOnly,

    /// <summary>Delete the NodeClaim: its termination finalizer drains the node through the Eviction API.</summary>
    Delete,

    /// <summary>Mark the instance's offering unavailable, then delete the NodeClaim: the capacity is being taken back, so do not buy it again.</summary>
    MarkUnavailableAndDelete,
}
