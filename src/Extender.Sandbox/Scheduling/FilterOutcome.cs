using k8s.Models;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// What one extender's filter left: the surviving nodes (the scheduler's own objects) and the reasons it gave for
/// rejected ones; unresolvable wins over unschedulable for a node named in both maps.
/// </summary>
internal sealed record FilterOutcome(IReadOnlyList<V1Node> Passed, IReadOnlyDictionary<string, string> Reasons);
