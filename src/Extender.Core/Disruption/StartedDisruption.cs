namespace Extender.Core.Disruption;

/// <summary>A node of a pool that began to be disrupted, for a reason (<see cref="DisruptionReasons"/>), at a time: what an hourly rate counts.</summary>
public sealed record StartedDisruption(string Reason, DateTimeOffset At);
