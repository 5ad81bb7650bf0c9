using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Launching;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// The node watch calls this for every change. A node whose provider ID belongs to a claim takes over the claim's
/// reservations at once, so the extender protects them from the first filter call that sees the node; the store
/// writes of registration follow on the lifecycle loop.
/// </summary>
internal sealed class NodeWatchSource(ClaimRegistry registry, ReservationLedger ledger, LifecycleSignal signal)
{
    public void OnNodeChanged(Node node)
    {
        if (node.ProviderId is not { } providerId || registry.FindByProviderId(providerId) is not { } claim)
        {
            return;
        }

        ledger.Update(s => s.AttachNode(claim.Name, node.Name));
        if (!claim.IsRegistered || !claim.IsInitialized)
        {
            signal.Wake();
        }
    }
}
