using Extender.Core.Resources;

namespace Extender.Core.Claims;

/// <summary>
/// One entry of a NodeClaim's <c>reservedFor</c>: the pod, the demand held for it, and when the hold began (its TTL
/// runs from there, so a restart does not extend it).
/// </summary>
public sealed record ReservedPod(PodReference Pod, ResourceList Demand, DateTimeOffset ReservedAt);
