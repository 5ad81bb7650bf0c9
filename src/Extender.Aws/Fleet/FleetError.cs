namespace Extender.Aws.Fleet;

/// <summary>One entry of CreateFleet's <c>errorSet</c>, with the override's subnet translated to its zone.</summary>
internal sealed record FleetError(string Code, string Message, string? InstanceType, string? Zone, string CapacityType);
