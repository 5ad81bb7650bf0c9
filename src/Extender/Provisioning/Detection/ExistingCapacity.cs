using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Core.Scheduling;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Whether a pending pod fits a node that exists now, judged as the extender's filter judges it: kube-scheduler's
/// predicates, with the capacity reserved for other pending pods and the room already left to kube-scheduler for
/// other pods (<see cref="LeftToScheduler"/>) taken out. Capacity in flight does not count: the scheduler cannot place
/// a pod on a node that has not registered, and the planner puts the pod on that capacity anyway.
/// </summary>
internal sealed class ExistingCapacity(ClusterState cluster, ReservationLedger ledger, LeftToScheduler left)
{
    private volatile HoldIndex? _holds;

    /// <summary>
    /// True when <paramref name="pod"/> fits a registered node; its requests are then counted as taken there, so that
    /// the pods judged after it (kube-scheduler places a burst in creation order, they come after it there too) see
    /// the room that remains.
    /// </summary>
    public bool LeaveToScheduler(Pod pod)
    {
        var snapshot = cluster.Current;
        var reservations = ledger.Current;
        var holds = HoldsByNode(reservations);
        var prepared = NodeFit.Prepare(pod, snapshot);
        for (var i = 0; i < snapshot.Nodes.Count; i++)
        {
            // Held room only narrows a fit, and adding it up costs a look-up per held pod: judge the node alone first,
            // then against its whole hold without its usage (room no held pod's binding can add to). In a burst most
            // registered nodes are held in full for pods not bound yet, and this rules them out at once.
            var node = snapshot.Nodes[i].Node;
            if (!NodeFit.Evaluate(prepared, i).Fits || (holds.TryGetValue(node.Name, out var hold) && !FitsBeside(pod.Requests, node.Allocatable, hold)))
            {
                continue;
            }

            var name = node.Name;
            var held = Sum(reservations.Count == 0 ? null : reservations.HeldForOthers(name, pod.Uid, snapshot), left.On(name, pod.Uid, snapshot));
            if (held is null || NodeFit.Evaluate(prepared, i, held).Fits)
            {
                left.Leave(pod, name);
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="requests"/> fit in <paramref name="allocatable"/> beside <paramref name="held"/>.</summary>
    private static bool FitsBeside(ResourceList requests, ResourceList allocatable, ResourceList held)
    {
        foreach (var (name, milli) in requests)
        {
            if (milli > 0 && milli > allocatable[name] - held[name])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each registered node's whole hold, for the ledger snapshot it was built from (it changes far less often than pods arrive).</summary>
    private Dictionary<string, ResourceList> HoldsByNode(ReservationSnapshot reservations)
    {
        if (_holds is { } known && ReferenceEquals(known.Of, reservations))
        {
            return known.ByNode;
        }

        var byNode = new Dictionary<string, ResourceList>(StringComparer.Ordinal);
        foreach (var hold in reservations.Claims)
        {
            if (hold.NodeName is { } node)
            {
                byNode[node] = hold.Total;
            }
        }

        _holds = new HoldIndex(reservations, byNode);
        return byNode;
    }

    private sealed record HoldIndex(ReservationSnapshot Of, Dictionary<string, ResourceList> ByNode);

    private static ResourceList? Sum(ResourceList? reserved, ResourceList? leftToScheduler) =>
        reserved is null || reserved.Count == 0 ? leftToScheduler : leftToScheduler is null ? reserved : reserved.Add(leftToScheduler);

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
