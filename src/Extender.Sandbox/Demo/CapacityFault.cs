namespace Extender.Sandbox.Demo;

/// <summary>
/// <paramref name="InstanceType"/> in <paramref name="Zone"/> has no capacity from <paramref name="From"/> until
/// <paramref name="Until"/> (offsets from the scenario's start; no end when null).
/// </summary>
public sealed record CapacityFault(string InstanceType, string Zone, TimeSpan From, TimeSpan? Until)
{
    public bool ActiveAt(TimeSpan offset) => offset >= From && (Until is null || offset < Until);
}
