using Extender.Core.Resources;

namespace Extender.Core.Claims;

/// <summary>What a NodeClaim became: the instance bought for it and the node it registered as.</summary>
public sealed record NodeClaimStatus
{
    public string? ProviderId { get; init; }
    public string? InstanceType { get; init; }
    public string? Zone { get; init; }
    public string? CapacityType { get; init; }
    public decimal? PricePerHour { get; init; }
    public string? NodeName { get; init; }
    public ResourceList Allocatable { get; init; } = ResourceList.Empty;
    public IReadOnlyList<NodeClaimCondition> Conditions { get; init; } = [];

    public bool IsTrue(string conditionType) => Conditions.Any(c => c.Type == conditionType && c.Status);

    public NodeClaimCondition? Condition(string conditionType) => Conditions.FirstOrDefault(c => c.Type == conditionType);

    /// <summary>Sets a condition, keeping its transition time when its status does not change.</summary>
    public NodeClaimStatus WithCondition(NodeClaimCondition condition)
    {
        var existing = Condition(condition.Type);
        var kept = existing is not null && existing.Status == condition.Status
            ? condition with { LastTransitionTime = existing.LastTransitionTime }
            : condition;
        return this with { Conditions = [.. Conditions.Where(c => c.Type != condition.Type), kept] };
    }
}
