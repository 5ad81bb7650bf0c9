using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>
/// Preferred pod (anti-)affinity, followed as Karpenter's scheduler follows it (<c>preferences.go</c>): each term is
/// required of its own pod until the pod cannot be scheduled with it, then the terms are dropped one at a time,
/// affinity before anti-affinity, heaviest first. (<see cref="PlanningRun"/> requires every preferred pod term its input
/// pods carry; it is only ever given them through here.) The planner's own pass relaxes node affinity preferences and soft spread; these
/// terms are relaxed here, by planning again: every round, each pod the plan could not place drops its next term, and
/// the rounds end when no unplaced pod has a term left (at most one round more than the most terms a pod has). The
/// plan returned holds the input's own pods.
/// </summary>
internal static class PreferredPodTerms
{
    public static bool Any(IReadOnlyList<Pod> pods) => pods.Any(p => p.PreferredPodAffinity.Count > 0 || p.PreferredPodAntiAffinity.Count > 0);

    public static Plan Plan(PlanInput input)
    {
        var originals = new Dictionary<string, Pod>(StringComparer.Ordinal);
        foreach (var pod in input.Pods)
        {
            originals.TryAdd(pod.Uid, pod);
        }

        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            var plan = new PlanningRun(input with { Pods = [.. input.Pods.Select(p => Strict(p, dropped.GetValueOrDefault(p.Uid)))] }).Run();
            var relaxed = false;
            foreach (var unplaced in plan.Unschedulable)
            {
                var uid = unplaced.Pod.Uid;
                if (originals.TryGetValue(uid, out var pod) && Count(pod) > dropped.GetValueOrDefault(uid))
                {
                    dropped[uid] = dropped.GetValueOrDefault(uid) + 1;
                    relaxed = true;
                }
            }

            if (!relaxed)
            {
                return Restore(plan, originals);
            }
        }
    }

    private static int Count(Pod pod) => pod.PreferredPodAffinity.Count + pod.PreferredPodAntiAffinity.Count;

    /// <summary>
    /// The pod with only the preferred terms it still keeps (all but the first <paramref name="dropped"/> in
    /// relaxation order); the planner requires those of their owner alone, since kube-scheduler filters other pods on
    /// none of them.
    /// </summary>
    private static Pod Strict(Pod pod, int dropped)
    {
        if (Count(pod) == 0)
        {
            return pod;
        }

        var affinity = ByWeight(pod.PreferredPodAffinity);
        return pod with
        {
            PreferredPodAffinity = [.. affinity.Skip(dropped)],
            PreferredPodAntiAffinity = [.. ByWeight(pod.PreferredPodAntiAffinity).Skip(Math.Max(0, dropped - affinity.Count))],
        };
    }

    // Heaviest first; equal weights keep the pod's order (a stable sort, as Karpenter's).
    private static List<WeightedPodAffinityTerm> ByWeight(IReadOnlyList<WeightedPodAffinityTerm> terms) =>
        [.. terms.OrderByDescending(t => t.Weight)];

    private static Plan Restore(Plan plan, Dictionary<string, Pod> originals)
    {
        IReadOnlyList<Pod> Own(IReadOnlyList<Pod> pods) => [.. pods.Select(p => originals.GetValueOrDefault(p.Uid, p))];
        return new Plan(
            [.. plan.NewNodes.Select(n => n with { Pods = Own(n.Pods) })],
            [.. plan.ExistingNodes.Select(n => n with { Pods = Own(n.Pods) })],
            [.. plan.InFlight.Select(n => n with { Pods = Own(n.Pods) })],
            [.. plan.Unschedulable.Select(u => u with { Pod = originals.GetValueOrDefault(u.Pod.Uid, u.Pod) })]);
    }
}
