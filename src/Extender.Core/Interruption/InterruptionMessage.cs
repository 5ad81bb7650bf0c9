namespace Extender.Core.Interruption;

/// <summary>
/// One EventBridge event read from the interruption queue. <paramref name="Time"/> is the envelope's <c>time</c> (when
/// EC2 emitted it), the start of the queue delay.
/// </summary>
public sealed record InterruptionMessage(string Id, InterruptionKind Kind, string DetailType, DateTimeOffset Time, IReadOnlyList<string> InstanceIds)
{
    /// <summary>When a scheduled change begins (AWS Health's <c>startTime</c>): the instance goes then, not at a spot notice's end.</summary>
    public DateTimeOffset? StartsAt { get; init; }
}
