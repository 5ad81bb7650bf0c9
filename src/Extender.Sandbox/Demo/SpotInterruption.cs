namespace Extender.Sandbox.Demo;

/// <summary>
/// EC2's spot interruption warning for <see cref="Nodes"/> running spot instances at once, each reclaimed
/// <see cref="Notice"/> later (EC2 gives 120 s; the demo scales it down and says so).
/// </summary>
public sealed record SpotInterruption
{
    public int Nodes { get; init; } = 1;

    public TimeSpan Notice { get; init; } = TimeSpan.FromSeconds(20);
}
