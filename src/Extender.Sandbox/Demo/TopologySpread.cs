namespace Extender.Sandbox.Demo;

public sealed record TopologySpread
{
    public required string TopologyKey { get; init; }
    public int MaxSkew { get; init; } = 1;
    public string WhenUnsatisfiable { get; init; } = "DoNotSchedule";
}
