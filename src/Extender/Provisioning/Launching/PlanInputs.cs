using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;

namespace Extender.Provisioning.Launching;

/// <summary>
/// The planner's view of the cluster: registered nodes with their reserved capacity and the room left to kube-scheduler
/// for pods outside the batch taken out, every claim not yet a node as in-flight capacity minus what it already holds,
/// and the DaemonSets every new node keeps room for.
/// </summary>
internal static class PlanInputs
{
    public static PlanInput Build(
        IReadOnlyList<Pod> pods,
        ClusterSnapshot snapshot,
        ReservationSnapshot reservations,
        LeftToScheduler left,
        IReadOnlyList<NodeClaim> claims,
        IReadOnlyList<NodePool> pools,
        IReadOnlyList<Pod> daemonSetPods,
        InstanceCatalog catalog,
        InstanceCatalog available) => new()
        {
            Pods = pods,
            DaemonSetPods = daemonSetPods,
            Nodes = [.. snapshot.Nodes.Select(n => new ExistingNode(WithoutHeld(n.Node, reservations, left, snapshot), n.Pods))],
            InFlight = [.. claims.Select(c => InFlight(c, snapshot, reservations, catalog)).OfType<InFlightClaim>()],
            NodePools = pools,
            Catalog = available,
            NamespaceLabels = snapshot.NamespaceLabels,
            NoSpotReason = catalog.InstanceTypes.Any(t => t.Offerings.Any(o => o.CapacityType == CapacityTypes.Spot)) ? null : "the cloud reported no spot prices",
        };

    private static Node WithoutHeld(Node node, ReservationSnapshot reservations, LeftToScheduler left, ClusterSnapshot snapshot)
    {
        var held = reservations.HeldForOthers(node.Name, "", snapshot);
        if (left.On(node.Name, "", snapshot) is { } taken)
        {
            held = held.Add(taken);
        }

        return held.Count == 0 ? node : node with { Allocatable = node.Allocatable.Subtract(held) };
    }

    private static bool IsNode(string? name, ClusterSnapshot snapshot) => name is not null && snapshot.FindNode(name) is not null;

    private static InFlightClaim? InFlight(NodeClaim claim, ClusterSnapshot snapshot, ReservationSnapshot reservations, InstanceCatalog catalog)
    {
        // A claim whose node exists is that node's capacity, counted once as an existing node: the ledger learns the
        // node as it registers, the claim's own status only after its registration is written.
        if (claim.Deleting || IsNode(claim.Status.NodeName, snapshot) || IsNode(reservations.NodeOf(claim.Name), snapshot))
        {
            return null;
        }

        var option = claim.PreferredOption;
        var typeName = claim.Status.InstanceType ?? option?.InstanceType;
        if (typeName is null || catalog.Find(typeName) is not { } type)
        {
            return null;
        }

        var zone = claim.Status.Zone ?? option!.Zone;
        var capacityType = claim.Status.CapacityType ?? option!.CapacityType;
        var hold = reservations.OnClaim(claim.Name);
        var labels = new Dictionary<string, string>(type.Labels)
        {
            [WellKnownLabels.Zone] = zone,
            [WellKnownLabels.CapacityType] = capacityType,
        };
        foreach (var (key, value) in claim.Labels)
        {
            labels[key] = value;
        }

        return new InFlightClaim
        {
            Name = claim.Name,
            NodePool = claim.NodePool,
            InstanceType = type.Name,
            Zone = zone,
            CapacityType = capacityType,
            Labels = labels,
            Taints = claim.Taints,
            Allocatable = hold is null ? type.Allocatable : type.Allocatable.Subtract(hold.Total),
            ReservedPods = hold is null ? [] : [.. hold.Pods.Keys.Select(snapshot.FindPod).OfType<Pod>()],
        };
    }
}
