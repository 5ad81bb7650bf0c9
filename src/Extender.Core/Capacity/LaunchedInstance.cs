namespace Extender.Core.Capacity;

/// <summary>The instance a launch bought. <paramref name="ProviderId"/> is <c>aws:///&lt;zone&gt;/&lt;instance-id&gt;</c>.</summary>
public sealed record LaunchedInstance(
    string InstanceId,
    string ProviderId,
    string InstanceType,
    string Zone,
    string CapacityType,
    decimal PricePerHour);
