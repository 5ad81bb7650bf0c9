namespace Extender.Core.Claims;

/// <summary>The condition types of a NodeClaim's status, in lifecycle order, then the disruption ones.</summary>
public static class NodeClaimConditionTypes
{
    public const string Launched = "Launched";
    public const string Registered = "Registered";
    public const string Initialized = "Initialized";
    public const string Ready = "Ready";

    /// <summary>Set when voluntary disruption chose the claim: its reason is Empty, Expired or Drifted.</summary>
    public const string Disrupting = "Disrupting";
    public const string Empty = "Empty";
    public const string Expired = "Expired";
    public const string Drifted = "Drifted";
}
