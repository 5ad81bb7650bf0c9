namespace Extender.Simulation;

/// <summary>A workload over time and the knobs of the simulated cluster it runs on (see the README's trace format).</summary>
internal sealed record SimulationTrace
{
    /// <summary>How long the simulation runs; events after it are not replayed.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>From launch to a Ready node.</summary>
    public TimeSpan BootTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the disruption decisions are taken.</summary>
    public TimeSpan DisruptionInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often cost, bound and pending pods are written down for the report's curve.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>In time order (the reader and the generator sort them; equal times keep their order).</summary>
    public required IReadOnlyList<TraceEvent> Events { get; init; }
}
