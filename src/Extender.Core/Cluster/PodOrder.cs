namespace Extender.Core.Cluster;

/// <summary>The total orders the snapshot keeps pods in.</summary>
internal static class PodOrder
{
    /// <summary>Pods on a node: namespace, name, uid.</summary>
    public static IComparer<Pod> ByIdentity { get; } = Comparer<Pod>.Create(static (a, b) =>
    {
        var c = string.CompareOrdinal(a.Namespace, b.Namespace);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Name, b.Name);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Uid, b.Uid);
    });

    /// <summary>Pending pods in the order the scheduler's queue pops them: priority (desc), creation, uid.</summary>
    public static IComparer<Pod> ByQueueOrder { get; } = Comparer<Pod>.Create(static (a, b) =>
    {
        var c = b.Priority.CompareTo(a.Priority);
        if (c == 0)
        {
            c = a.CreatedAt.CompareTo(b.CreatedAt);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Uid, b.Uid);
    });
}
