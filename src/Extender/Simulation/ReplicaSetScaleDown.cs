namespace Extender.Simulation;

/// <summary>
/// Which pods a ReplicaSet deletes when it is scaled down, as kube-controller-manager ranks them
/// (<c>ActivePodsWithRanks</c> in <c>pkg/controller/controller_utils.go</c>, with the <c>PodDeletionCost</c> and
/// <c>LogarithmicScaleDown</c> gates on, their default since 1.22): unassigned before assigned, pending before running,
/// not ready before ready, lower <c>controller.kubernetes.io/pod-deletion-cost</c> first, then pods doubled up with
/// more of the set's pods on their node, then the shorter ready and then the younger, both compared on a log2 scale of
/// their age (equal buckets ordered by UID, upstream's pseudo-random order). Restart counts, the rule between the two
/// times, are always 0 here.
/// </summary>
internal static class ReplicaSetScaleDown
{
    /// <summary>One of the set's active pods, as the controller reads it.</summary>
    /// <param name="Uid">The pod's UID (the last tie-break).</param>
    /// <param name="NodeName">Its node, or null while unassigned.</param>
    /// <param name="Running">Phase Running (else Pending).</param>
    /// <param name="ReadyAt">When its Ready condition became True, or null while not ready.</param>
    /// <param name="CreatedAt">Its creation time.</param>
    /// <param name="DeletionCost">Its <c>pod-deletion-cost</c> annotation (0 when absent).</param>
    public sealed record Member(string Uid, string? NodeName, bool Running, DateTimeOffset? ReadyAt, DateTimeOffset CreatedAt, int DeletionCost = 0);

    /// <summary>The <paramref name="count"/> members the controller deletes first, in its order.</summary>
    public static List<string> Victims(IReadOnlyList<Member> members, int count, DateTimeOffset now)
    {
        // The "doubled up" rank: how many of the set's active pods share the pod's node (itself included).
        var onNode = members.CountBy(m => m.NodeName ?? "").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var ranked = members.ToList();
        ranked.Sort((a, b) => Compare(a, b, onNode[a.NodeName ?? ""], onNode[b.NodeName ?? ""], now));
        return [.. ranked.Take(count).Select(m => m.Uid)];
    }

    private static int Compare(Member a, Member b, int rankA, int rankB, DateTimeOffset now)
    {
        if ((a.NodeName is null) != (b.NodeName is null))
        {
            return a.NodeName is null ? -1 : 1;
        }

        if (a.Running != b.Running)
        {
            return a.Running ? 1 : -1;
        }

        if (a.ReadyAt.HasValue != b.ReadyAt.HasValue)
        {
            return a.ReadyAt.HasValue ? 1 : -1;
        }

        if (a.DeletionCost != b.DeletionCost)
        {
            return a.DeletionCost.CompareTo(b.DeletionCost);
        }

        if (rankA != rankB)
        {
            return rankB.CompareTo(rankA);
        }

        if (a.ReadyAt is { } readyA && b.ReadyAt is { } readyB && readyA != readyB)
        {
            return ByLogAge(a, b, readyA, readyB, now);
        }

        if (a.CreatedAt != b.CreatedAt)
        {
            return ByLogAge(a, b, a.CreatedAt, b.CreatedAt, now);
        }

        return string.CompareOrdinal(a.Uid, b.Uid);
    }

    // Upstream buckets each age by floor(log2(nanoseconds)), an age of zero or less being -1: the younger bucket goes
    // first, and within a bucket the lower UID.
    private static int ByLogAge(Member a, Member b, DateTimeOffset timeA, DateTimeOffset timeB, DateTimeOffset now)
    {
        var diff = LogBucket(now - timeA).CompareTo(LogBucket(now - timeB));
        return diff != 0 ? diff : string.CompareOrdinal(a.Uid, b.Uid);
    }

    private static long LogBucket(TimeSpan age) => age > TimeSpan.Zero ? (long)Math.Log2(age.Ticks * 100.0) : -1;
}
