using System.Collections.Immutable;

namespace Extender.Core.Cluster;

/// <summary>
/// The pod side of a snapshot. Every collection is immutable, so a pod update copies only the paths it touches
/// (a tree path per dictionary, one node's pod array) instead of the whole cluster.
/// </summary>
internal sealed record PodIndex(
    ImmutableDictionary<string, Pod> ByUid,
    ImmutableDictionary<string, ImmutableArray<Pod>> ByNode,
    ImmutableSortedSet<Pod> Pending,
    BoundPodIndex Bound)
{
    public static PodIndex Empty { get; } = new(
        ImmutableDictionary.Create<string, Pod>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<Pod>>(StringComparer.Ordinal),
        ImmutableSortedSet.Create(PodOrder.ByQueueOrder),
        BoundPodIndex.Empty);

    /// <summary>A pod holds node resources while it is bound and not finished; terminating pods still do, as upstream.</summary>
    public static bool HoldsNode(Pod pod) => !string.IsNullOrEmpty(pod.NodeName) && !pod.IsFinished;

    public static bool IsPending(Pod pod) => string.IsNullOrEmpty(pod.NodeName) && !pod.IsFinished && !pod.Terminating;

    /// <summary>Indexes a full pod list in one pass with builders; of pods sharing a uid the last one wins, as with upserts.</summary>
    public static PodIndex Build(IEnumerable<Pod> pods)
    {
        var byUid = ImmutableDictionary.CreateBuilder<string, Pod>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            byUid[pod.Uid] = pod;
        }

        var bound = byUid.Values.Where(HoldsNode).ToList();
        var byNode = ImmutableDictionary.CreateBuilder<string, ImmutableArray<Pod>>(StringComparer.Ordinal);
        foreach (var group in bound.GroupBy(p => p.NodeName!, StringComparer.Ordinal))
        {
            byNode.Add(group.Key, [.. group.Order(PodOrder.ByIdentity)]);
        }

        return new PodIndex(
            byUid.ToImmutable(),
            byNode.ToImmutable(),
            ImmutableSortedSet.CreateRange(PodOrder.ByQueueOrder, byUid.Values.Where(IsPending)),
            BoundPodIndex.Build(bound));
    }

    public PodIndex Add(Pod pod)
    {
        var next = this with { ByUid = ByUid.SetItem(pod.Uid, pod) };
        if (IsPending(pod))
        {
            return next with { Pending = Pending.Add(pod) };
        }

        if (!HoldsNode(pod))
        {
            return next;
        }

        var onNode = ByNode.GetValueOrDefault(pod.NodeName!, []);
        var position = onNode.BinarySearch(pod, PodOrder.ByIdentity);
        return next with
        {
            ByNode = ByNode.SetItem(pod.NodeName!, onNode.Insert(position < 0 ? ~position : position, pod)),
            Bound = Bound.Add(pod),
        };
    }

    /// <summary>Removes <paramref name="pod"/> (the instance this index holds) from every collection.</summary>
    public PodIndex Remove(Pod pod)
    {
        var next = this with { ByUid = ByUid.Remove(pod.Uid) };
        if (IsPending(pod))
        {
            return next with { Pending = Pending.Remove(pod) };
        }

        if (!HoldsNode(pod))
        {
            return next;
        }

        var onNode = ByNode[pod.NodeName!];
        var remaining = onNode.RemoveAt(onNode.BinarySearch(pod, PodOrder.ByIdentity));
        return next with
        {
            ByNode = remaining.IsEmpty ? ByNode.Remove(pod.NodeName!) : ByNode.SetItem(pod.NodeName!, remaining),
            Bound = Bound.Remove(pod),
        };
    }
}
