using Extender.Core.Cluster;

namespace Extender.Core.Disruption;

/// <summary>What one pass over a draining node does next.</summary>
/// <param name="Evict">Pods of the current wave to ask the Eviction API for (PodDisruptionBudgets apply).</param>
/// <param name="Delete">Pods whose grace period would outlast the node's termination deadline: deleted now so they still get it.</param>
/// <param name="Held">Pods of the current wave a do-not-disrupt annotation keeps (until the deadline deletes them).</param>
/// <param name="Remaining">Pods still to leave (evicted pods count until they are gone).</param>
public sealed record DrainStep(IReadOnlyList<Pod> Evict, IReadOnlyList<Pod> Delete, IReadOnlyList<Pod> Held, int Remaining)
{
    public bool Drained => Remaining == 0;
}
