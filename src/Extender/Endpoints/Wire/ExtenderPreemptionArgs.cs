using k8s.Models;

namespace Extender.Endpoints.Wire;

/// <summary>
/// The <c>preempt</c> request: the preemptor and, per candidate node, the victims the scheduler's dry run chose —
/// as full pods, or as UIDs when <c>nodeCacheCapable</c> is set. Exactly one of the two maps is present.
/// </summary>
internal sealed record ExtenderPreemptionArgs(
    V1Pod Pod,
    IReadOnlyDictionary<string, Victims>? NodeNameToVictims,
    IReadOnlyDictionary<string, MetaVictims>? NodeNameToMetaVictims);
