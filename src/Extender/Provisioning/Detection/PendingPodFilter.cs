using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>Which watched pods are worth buying capacity for, as Cluster Autoscaler and Karpenter decide it.</summary>
internal static class PendingPodFilter
{
    /// <summary>kube-scheduler tried the pod and found no node.</summary>
    public static bool IsCandidate(Pod pod, IReadOnlyCollection<string> schedulerNames) =>
        pod.MarkedUnschedulable && IsUnplaced(pod) && Serves(pod, schedulerNames);

    /// <summary>A pending pod kube-scheduler has not found unschedulable (yet): worth a look at the existing capacity.</summary>
    public static bool IsNew(Pod pod, IReadOnlyCollection<string> schedulerNames) =>
        !pod.MarkedUnschedulable && IsUnplaced(pod) && Serves(pod, schedulerNames);

    /// <summary>Waiting for a node, of a scheduler this install serves: what may be bought for.</summary>
    public static bool IsPlannable(Pod pod, IReadOnlyCollection<string> schedulerNames) => IsUnplaced(pod) && Serves(pod, schedulerNames);

    /// <summary>
    /// Waiting for a node and free to take one: not bound, not on its way out, not held back by scheduling gates, and
    /// not a DaemonSet pod (those come with every node).
    /// </summary>
    public static bool IsUnplaced(Pod pod) =>
        pod.NodeName is null && !pod.Terminating && !pod.IsFinished && !pod.SchedulingGated && pod.OwnerKind != "DaemonSet";

    private static bool Serves(Pod pod, IReadOnlyCollection<string> schedulerNames) =>
        schedulerNames.Count == 0 || schedulerNames.Contains(pod.SchedulerName);
}
