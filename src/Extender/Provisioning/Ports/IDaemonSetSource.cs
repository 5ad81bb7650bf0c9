using Extender.Core.Cluster;

namespace Extender.Provisioning.Ports;

/// <summary>
/// One pod per DaemonSet, from its template (from the DaemonSet watch): every new node keeps room for those whose
/// tolerations and node requirements let them run there.
/// </summary>
public interface IDaemonSetSource
{
    /// <summary>The same list (and pod instances) until a DaemonSet's spec changes, so the planner keeps its catalog model.</summary>
    IReadOnlyList<Pod> DaemonSetPods { get; }
}
