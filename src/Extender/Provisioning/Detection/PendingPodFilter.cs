using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>Which watched pods are worth buying capacity for, as Cluster Autoscaler and Karpenter decide it.</summary>
internal static class PendingPodFilter
{
    public static bool IsCandidate(Pod pod, IReadOnlyCollection<string> schedulerNames) =>
        pod.MarkedUnschedulable && IsUnplaced(pod) && (schedulerNames.Count == 0 || schedulerNames.Contains(pod.SchedulerName));

    /// <summary>Still waiting for a node: not bound, not on its way out, and not a DaemonSet pod (those come with every node).</summary>
    public static bool IsUnplaced(Pod pod) =>
        pod.NodeName is null && !pod.Terminating && !pod.IsFinished && pod.OwnerKind != "DaemonSet";
}
