using Extender.Core.Cluster;
using Extender.Core.Scheduling;

namespace Extender.Core.Disruption;

/// <summary>
/// The order a node is emptied in, as Karpenter's terminator drains: non-critical pods, then non-critical DaemonSet
/// pods, then critical pods, then critical DaemonSet pods (the graceful node shutdown order), one wave at a time, the
/// next only once the previous is gone, so a DaemonSet's logging or networking outlives the pods that use it. Static
/// (mirror) pods, finished pods and pods tolerating the <see cref="DisruptionTaint"/> are not drained; do-not-disrupt
/// pods are waited for, and deleted only at the termination deadline.
/// </summary>
public static class Drain
{
    private static readonly HashSet<string> CriticalClasses = new(StringComparer.Ordinal) { "system-cluster-critical", "system-node-critical" };

    /// <param name="pods">The pods bound to the node.</param>
    /// <param name="now">The current time.</param>
    /// <param name="deadline">The node's termination deadline (deletion + the NodePool's terminationGracePeriod), or null when unbounded.</param>
    public static DrainStep Next(IReadOnlyList<Pod> pods, DateTimeOffset now, DateTimeOffset? deadline)
    {
        var drainable = pods.Where(IsDrainable).ToList();

        // Past deadline − its own grace, a pod would not get its grace before the node goes: delete it now, PDB or not.
        var delete = deadline is { } end
            ? drainable.Where(p => !p.Terminating && end - p.TerminationGracePeriod <= now).OrderBy(p => p.Key, StringComparer.Ordinal).ToList()
            : [];
        var deleted = delete.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        var wave = drainable.GroupBy(Wave).OrderBy(g => g.Key).FirstOrDefault();
        var due = wave is null
            ? []
            : wave.Where(p => !p.Terminating && !deleted.Contains(p.Uid)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

        // As Karpenter: a do-not-disrupt pod is not evicted; it holds the drain until the deadline deletes it.
        var held = due.Where(p => DoNotDisrupt.Blocks(p, now)).ToList();
        return new DrainStep([.. due.Except(held)], delete, held, drainable.Count);
    }

    /// <summary>Whether the pod must leave before the node may go.</summary>
    public static bool IsDrainable(Pod pod) =>
        !pod.IsFinished && pod.OwnerKind != "Node" && !Tolerations.Tolerates(pod.Tolerations, DisruptionTaint.Taint);

    private static int Wave(Pod pod) =>
        (pod.PriorityClassName is { } c && CriticalClasses.Contains(c) ? 2 : 0) + (pod.OwnerKind == "DaemonSet" ? 1 : 0);
}
