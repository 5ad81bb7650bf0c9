namespace Extender.Simulation;

/// <summary>The simulation's virtual time: whatever the event loop set last, never the machine's clock.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
