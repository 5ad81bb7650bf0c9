using Extender.Core.Claims;

namespace Extender.Disruption.Ports;

/// <summary>Removes pods from a node being terminated: through the Eviction API, so PodDisruptionBudgets are honoured.</summary>
public interface IPodEvictor
{
    /// <summary>Asks the Eviction API to evict the pod; a pod already gone counts as evicted.</summary>
    Task<EvictionResult> EvictAsync(PodReference pod, CancellationToken cancellationToken);

    /// <summary>Deletes the pod with its own grace period (the node's termination deadline is near; budgets no longer hold it).</summary>
    Task DeleteAsync(PodReference pod, CancellationToken cancellationToken);
}
