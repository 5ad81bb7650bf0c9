using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Scheduling;

/// <summary>
/// kube-scheduler's filter plugins that matter to this extender, in upstream's filter order (NodeUnschedulable,
/// TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, InterPodAffinity); the first failure is returned.
/// NodeName is left out: a pod with <c>spec.nodeName</c> never reaches a scheduler.
/// </summary>
public static class NodeFit
{
    /// <summary>Precomputes the per-pod part of the checks against <paramref name="snapshot"/>; reuse it for every node of a request.</summary>
    public static PreparedPod Prepare(Pod pod, ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        return new PreparedPod(pod, snapshot);
    }

    /// <inheritdoc cref="Evaluate(PreparedPod, NodeState, ResourceList?)"/>
    public static FitResult Evaluate(Pod pod, NodeState node, ClusterSnapshot snapshot, ResourceList? heldForOthers = null) =>
        Evaluate(Prepare(pod, snapshot), node, heldForOthers);

    /// <summary>
    /// Whether the pod fits <paramref name="node"/>. <paramref name="heldForOthers"/> is capacity on the node reserved
    /// for other pods; it is taken from the node's free capacity. Allocation-free.
    /// </summary>
    public static FitResult Evaluate(PreparedPod pod, NodeState node, ResourceList? heldForOthers = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return Evaluate(pod, node, heldForOthers, new LabelDictionaryView(pod, node.Node));
    }

    /// <summary>
    /// <see cref="Evaluate(PreparedPod, NodeState, ResourceList?)"/> for the node at <paramref name="nodeIndex"/> in
    /// <see cref="ClusterSnapshot.Nodes"/> of the snapshot the pod was prepared against. Label questions are answered
    /// from that snapshot's label columns, once per distinct label value rather than once per node; the first call
    /// for a pod builds those answers.
    /// </summary>
    public static FitResult Evaluate(PreparedPod pod, int nodeIndex, ResourceList? heldForOthers = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var node = pod.Snapshot.NodeList[nodeIndex];
        return Evaluate(pod, node, heldForOthers, new LabelColumnView(pod.LabelTests, node.Node, nodeIndex));
    }

    private static FitResult Evaluate<TView>(PreparedPod pod, NodeState node, ResourceList? heldForOthers, TView labels)
        where TView : struct, INodeLabelView
    {
        var spec = pod.Pod;
        var facts = node.Facts;
        if (facts.Restricted && Restriction(spec, node.Node) is { } restricted)
        {
            return restricted;
        }

        if (!NodeAffinity.Matches(pod, labels))
        {
            return FitResult.Unresolvable(FitReasons.NodeAffinity);
        }

        if (NodePorts.Conflict(spec.HostPorts, node.Pods))
        {
            return FitResult.Unschedulable(FitReasons.NodePorts);
        }

        foreach (var demand in pod.Demand)
        {
            var available = facts.FreeOf(demand.Slot, demand.Name) - (heldForOthers?[demand.Name] ?? 0);
            if (demand.Milli > available)
            {
                return FitResult.Unschedulable(demand.Reason);
            }
        }

        return pod.InterPodAffinity?.Check(labels) ?? FitResult.Success;
    }

    // NodeUnschedulable, then TaintToleration: only cordoned or tainted nodes get this far.
    private static FitResult? Restriction(Pod spec, Node node)
    {
        if (node.Unschedulable && !Tolerations.Tolerates(spec.Tolerations, Tolerations.Unschedulable))
        {
            return FitResult.Unresolvable(FitReasons.NodeUnschedulable);
        }

        return node.Taints.Count > 0 && Tolerations.FirstUntolerated(node.Taints, spec.Tolerations) is { } taint
            ? FitResult.Unresolvable(FitReasons.UntoleratedTaint(taint))
            : null;
    }
}
