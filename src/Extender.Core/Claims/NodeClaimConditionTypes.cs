namespace Extender.Core.Claims;

/// <summary>The condition types of a NodeClaim's status, in lifecycle order.</summary>
public static class NodeClaimConditionTypes
{
    public const string Launched = "Launched";
    public const string Registered = "Registered";
    public const string Initialized = "Initialized";
    public const string Ready = "Ready";
}
