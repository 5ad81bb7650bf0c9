namespace Extender.Core.Capacity;

/// <summary>A live instance tagged as this cluster's, with the NodeClaim it was launched for (when tagged).</summary>
public sealed record OwnedInstance(
    string InstanceId,
    string ProviderId,
    string? NodeClaimName,
    string? NodePool,
    string State,
    DateTimeOffset LaunchedAt);
