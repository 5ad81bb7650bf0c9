namespace Extender.Core.Claims;

/// <summary>A status condition of a NodeClaim (<see cref="NodeClaimConditionTypes"/>).</summary>
public sealed record NodeClaimCondition(string Type, bool Status, string Reason, string Message, DateTimeOffset LastTransitionTime);
