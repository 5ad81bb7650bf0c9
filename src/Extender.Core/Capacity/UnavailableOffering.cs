namespace Extender.Core.Capacity;

/// <summary>An offering the cloud could not fill. A null zone or instance type widens the scope (e.g. an account-wide spot limit).</summary>
public sealed record UnavailableOffering(string? InstanceType, string? Zone, string CapacityType);
