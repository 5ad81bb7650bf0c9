using k8s.Models;

namespace Extender.Endpoints.Wire;

/// <summary>The victims on one node as full pods (preemption without <c>nodeCacheCapable</c>).</summary>
internal sealed record Victims(IReadOnlyList<V1Pod> Pods, long NumPdbViolations);
