namespace Extender.Sandbox.Demo;

/// <summary>What the simulated EC2 endpoint gets wrong on purpose.</summary>
public sealed record ScenarioFaults
{
    /// <summary>Offerings that answer InsufficientInstanceCapacity during a time window.</summary>
    public IReadOnlyList<CapacityFault> InsufficientCapacity { get; init; } = [];

    /// <summary>Fraction of EC2 calls (0..1) answered with RequestLimitExceeded.</summary>
    public double ThrottlingRate { get; init; }

    /// <summary>The interruption phase: spot warnings sent to some spot nodes once the scale-up (and scale-in) is over.</summary>
    public SpotInterruption? SpotInterruption { get; init; }
}
