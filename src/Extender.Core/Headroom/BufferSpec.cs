using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Resources;

namespace Extender.Core.Headroom;

/// <summary>
/// A <c>CapacityBuffer</c> as Core reads it: the upstream sizing fields (<c>replicas</c>, <c>percentage</c> of the
/// scalable workload, <c>limits</c>) and ours (<see cref="Amount"/>, <see cref="PoolPercentage"/>, a schedule window,
/// and who may use the room).
/// </summary>
public sealed record BufferSpec
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    public int? Replicas { get; init; }

    /// <summary>Percent of the scalable workload's replicas (upstream; ignored without a <c>scalableRef</c>).</summary>
    public int? Percentage { get; init; }

    /// <summary>Upper bound on the buffer's total requests: replicas are cut to what fits in it.</summary>
    public ResourceList? Limits { get; init; }

    /// <summary>Ours: headroom as an amount of resources, held as whole replicas of the template.</summary>
    public ResourceList? Amount { get; init; }

    /// <summary>Ours: headroom as a percent of what the pods bound to <see cref="NodePool"/>'s nodes request.</summary>
    public int? PoolPercentage { get; init; }

    public string? NodePool { get; init; }

    /// <summary>Ours: when set, the buffer holds room only while the schedule's window is open (UTC cron + duration).</summary>
    public IBudgetSchedule? Schedule { get; init; }

    /// <summary>Why the buffer cannot be read (an unreadable schedule, a missing template); null when it can.</summary>
    public string? Invalid { get; init; }

    /// <summary>The pods that may take the room; the adapter fills it from the spec, the workload or the template's labels.</summary>
    public LabelSelector? Selector { get; init; }
}
