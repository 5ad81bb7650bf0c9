namespace Extender.Core.Interruption;

/// <summary>What an EC2 event says about an instance; the names follow Karpenter's message kinds.</summary>
public enum InterruptionKind
{
    /// <summary>Spot is taking the instance back in two minutes.</summary>
    SpotInterrupted,

    /// <summary>The instance is at elevated risk of a spot interruption.</summary>
    RebalanceRecommendation,

    /// <summary>State-change to stopping or stopped.</summary>
    InstanceStopped,

    /// <summary>State-change to shutting-down or terminated.</summary>
    InstanceTerminated,

    /// <summary>AWS Health: an EC2 scheduled change (maintenance, retirement) on the affected instances.</summary>
    ScheduledChange,

    /// <summary>An interruptible capacity reservation is taking the instance back.</summary>
    CapacityReservationInterrupted,

    /// <summary>
    /// Not a queue event: the instance failed EC2's status checks for longer than the toleration
    /// (<see cref="IInstanceStatusSource"/>).
    /// </summary>
    InstanceImpaired,

    /// <summary>A known kind that needs nothing (another state, another Health service or category).</summary>
    NoOp,
}
