using Extender.Core.Claims;

namespace Extender.Core.Disruption;

/// <summary>A claim chosen for disruption (<paramref name="Reason"/> is one of <see cref="DisruptionReasons"/>), or kept, and why.</summary>
public sealed record DisruptionDecision(NodeClaim Claim, string Reason, string Message)
{
    /// <summary>The reason its condition carries: the drift reason for Drifted (<see cref="DriftReasons"/>), else <see cref="Reason"/>.</summary>
    public string Cause { get; init; } = Reason;
}
