using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Scheduling;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Whether a pending pod fits a node that exists now, judged as the extender's filter judges it: kube-scheduler's
/// predicates, with the capacity reserved for other pending pods taken out. Capacity in flight does not count: the
/// scheduler cannot place a pod on a node that has not registered, and the planner puts the pod on that capacity anyway.
/// </summary>
internal sealed class ExistingCapacity(ClusterState cluster, ReservationLedger ledger)
{
    public bool Fits(Pod pod)
    {
        var snapshot = cluster.Current;
        var reservations = ledger.Current;
        var prepared = NodeFit.Prepare(pod, snapshot);
        foreach (var node in snapshot.Nodes)
        {
            var held = reservations.Count == 0 ? null : reservations.HeldForOthers(node.Node.Name, pod.Uid, snapshot);
            if (NodeFit.Evaluate(prepared, node, held).Fits)
            {
                return true;
            }
        }

        return false;
    }
}
