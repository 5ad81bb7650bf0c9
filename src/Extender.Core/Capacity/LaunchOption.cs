namespace Extender.Core.Capacity;

/// <summary>One acceptable way to satisfy a claim, cheapest first in a <see cref="LaunchRequest"/>.</summary>
public sealed record LaunchOption(string InstanceType, string Zone, string CapacityType, decimal PricePerHour);
