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

    /// <summary>
    /// True when <paramref name="pod"/> holds a reservation on a node that exists and no longer has the room for it:
    /// someone else's pod took it (a pod the scheduler placed before the hold was known, or one bound by hand). Such a
    /// hold would keep the pod off every other node until its TTL, so it is given up and the pod planned again. A
    /// node that turns the pod away for any other reason (not Ready yet, a startup taint) is still on its way.
    /// </summary>
    public bool LostReservedRoom(Pod pod)
    {
        var reservations = ledger.Current;
        if (reservations.ReservedNodeOf(pod.Uid) is not { } nodeName)
        {
            return false;
        }

        var snapshot = cluster.Current;
        if (snapshot.FindNode(nodeName) is not { } node)
        {
            return false;
        }

        var fit = NodeFit.Evaluate(pod, node, snapshot, reservations.HeldForOthers(nodeName, pod.Uid, snapshot));
        return fit.Outcome == FitOutcome.Unschedulable;
    }

    /// <summary>True when <paramref name="podUid"/> holds a reservation whose node has registered (so it can be judged).</summary>
    public bool HeldOnRegisteredNode(string podUid) => ledger.Current.ReservedNodeOf(podUid) is not null;
}
