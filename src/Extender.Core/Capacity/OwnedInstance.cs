namespace Extender.Core.Capacity;

/// <summary>
/// A live instance tagged as this cluster's, with the NodeClaim it was launched for (when tagged), and what it runs
/// with (image, subnet, security groups; null or empty when the cloud did not say), which drift compares.
/// </summary>
public sealed record OwnedInstance(
    string InstanceId,
    string ProviderId,
    string? NodeClaimName,
    string? NodePool,
    string State,
    DateTimeOffset LaunchedAt,
    string? ImageId = null,
    string? SubnetId = null,
    IReadOnlyList<string>? SecurityGroupIds = null);
