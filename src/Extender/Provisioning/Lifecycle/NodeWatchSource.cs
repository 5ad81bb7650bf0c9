using Extender.Core.Cluster;
using Extender.Provisioning.Launching;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// The node watch calls this for every change. A node whose provider ID belongs to a claim takes over the claim's
/// reservations at once (<see cref="ClaimNodes"/>), so the extender protects them from the first filter call that sees
/// the node; the store writes of registration follow on the lifecycle loop. A claim's node deleted wakes the loop too:
/// the claim goes with its node, and its pods are planned again.
/// </summary>
internal sealed class NodeWatchSource(ClaimNodes claimNodes, LifecycleSignal signal)
{
    public void OnNodeChanged(Node node)
    {
        if (claimNodes.NodeSeen(node) is { } claim && (!claim.IsRegistered || !claim.IsInitialized))
        {
            signal.Wake();
        }
    }

    /// <summary>Called after the node left the cluster state, so the woken loop no longer finds it.</summary>
    public void OnNodeDeleted(Node node)
    {
        if (claimNodes.NodeGone(node))
        {
            signal.Wake();
        }
    }
}
