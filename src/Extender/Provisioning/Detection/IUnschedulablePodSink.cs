using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Where the extender hands over a pod that no node fits. Implementations never block: the extender's filter is on
/// kube-scheduler's critical path.
/// </summary>
public interface IUnschedulablePodSink
{
    /// <summary>Queues <paramref name="pod"/> for provisioning; false when it could not be queued now (it is recovered later).</summary>
    bool TryWrite(Pod pod, IReadOnlyDictionary<string, string> failedNodes);
}
