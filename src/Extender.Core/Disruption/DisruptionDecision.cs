using Extender.Core.Claims;

namespace Extender.Core.Disruption;

/// <summary>A claim chosen for disruption (<paramref name="Reason"/> is one of <see cref="DisruptionReasons"/>), or kept, and why.</summary>
public sealed record DisruptionDecision(NodeClaim Claim, string Reason, string Message);
