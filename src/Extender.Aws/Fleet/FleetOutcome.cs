namespace Extender.Aws.Fleet;

/// <summary>What an instant fleet returned: at most one instance, and the errors of the overrides it could not use.</summary>
internal sealed record FleetOutcome(string? InstanceId, string? InstanceType, string? Zone, string CapacityType, IReadOnlyList<FleetError> Errors);
