using Extender.Core.Cluster;

namespace Extender.Kubernetes.State;

/// <summary>
/// Hears every pod and node the watches deliver, in an order that keeps reservations safe: a node is announced
/// before it enters <see cref="ClusterState"/> (so its reservations are attached before any filter can offer it), and
/// a pod after its new state is published (so a bound pod's usage is visible before its reservation is released).
/// Called on the watch thread; implementations must be quick and must not block.
/// </summary>
public interface IClusterObserver
{
    void OnNodeChanging(Node node);

    /// <summary>A node left the cluster (deleted, or missing from a re-list); called after it left <see cref="ClusterState"/>.</summary>
    void OnNodeDeleted(Node node);

    void OnPodChanged(Pod pod);

    void OnPodDeleted(Pod pod);
}
