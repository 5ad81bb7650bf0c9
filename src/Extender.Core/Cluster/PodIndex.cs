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
    ImmutableDictionary<string, ImmutableDictionary<string, Pod>> BoundByNamespace,
    ImmutableDictionary<string, Pod> BoundWithAntiAffinity)
{
    public static PodIndex Empty { get; } = new(
        ImmutableDictionary.Create<string, Pod>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<Pod>>(StringComparer.Ordinal),
        ImmutableSortedSet.Create(PodOrder.ByQueueOrder),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, Pod>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, Pod>(StringComparer.Ordinal));

    /// <summary>A pod holds node resources while it is bound and not finished; terminating pods still do, as upstream.</summary>
    public static bool HoldsNode(Pod pod) => !string.IsNullOrEmpty(pod.NodeName) && !pod.IsFinished;

    public static bool IsPending(Pod pod) => string.IsNullOrEmpty(pod.NodeName) && !pod.IsFinished && !pod.Terminating;

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
        var inNamespace = BoundByNamespace.GetValueOrDefault(pod.Namespace) ?? ImmutableDictionary.Create<string, Pod>(StringComparer.Ordinal);
        return next with
        {
            ByNode = ByNode.SetItem(pod.NodeName!, onNode.Insert(position < 0 ? ~position : position, pod)),
            BoundByNamespace = BoundByNamespace.SetItem(pod.Namespace, inNamespace.SetItem(pod.Uid, pod)),
            BoundWithAntiAffinity = pod.RequiredPodAntiAffinity.Count > 0 ? BoundWithAntiAffinity.SetItem(pod.Uid, pod) : BoundWithAntiAffinity,
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
        var inNamespace = BoundByNamespace[pod.Namespace].Remove(pod.Uid);
        return next with
        {
            ByNode = remaining.IsEmpty ? ByNode.Remove(pod.NodeName!) : ByNode.SetItem(pod.NodeName!, remaining),
            BoundByNamespace = inNamespace.IsEmpty ? BoundByNamespace.Remove(pod.Namespace) : BoundByNamespace.SetItem(pod.Namespace, inNamespace),
            BoundWithAntiAffinity = BoundWithAntiAffinity.Remove(pod.Uid),
        };
    }
}
