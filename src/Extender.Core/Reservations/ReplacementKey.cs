using System.Security.Cryptography;
using System.Text;
using Extender.Core.Cluster;
using Extender.Core.Planning;

namespace Extender.Core.Reservations;

/// <summary>
/// What an evicted pod's replacement will share with it, so that room can be held for a pod that does not exist yet:
/// an evicted pod comes back as a new pod (new UID) from its controller, so a UID-keyed hold cannot wait for it. The
/// key is the controller (kind and UID), the pod's scheduling shape (the planner's group signature: namespace,
/// priority, requests, labels, selectors, affinities, tolerations, spread, host ports), and, for a StatefulSet, the
/// pod's name, which its replacement keeps. Any new pod with an equal key may take the slot: pods of one controller
/// and shape are interchangeable to the scheduler.
/// </summary>
public sealed record ReplacementKey(string Namespace, string OwnerKind, string OwnerUid, string Name, string Shape)
{
    private const string SlotPrefix = "replacement-for-";

    /// <summary>
    /// The key of <paramref name="pod"/>'s replacement, or null when nothing will replace it: a bare pod (no controller),
    /// a DaemonSet pod (its controller recreates it on the node, not elsewhere) or a static pod.
    /// </summary>
    public static ReplacementKey? Of(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.OwnerUid is not { Length: > 0 } owner || pod.OwnerKind is null or "DaemonSet" or "Node")
        {
            return null;
        }

        var name = pod.OwnerKind == "StatefulSet" ? pod.Name : "";
        var shape = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GroupSignature.Of(pod))))[..16];
        return new ReplacementKey(pod.Namespace, pod.OwnerKind, owner, name, shape);
    }

    /// <summary>The ledger key of the slot held for <paramref name="podUid"/>'s replacement: never a pod's UID, so no pod is taken for it.</summary>
    public static string SlotUid(string podUid) => SlotPrefix + podUid;

    /// <summary>Whether <paramref name="uid"/> names a replacement slot rather than a pod.</summary>
    public static bool IsSlot(string uid) => uid.StartsWith(SlotPrefix, StringComparison.Ordinal);

    /// <summary>The hold for <paramref name="pod"/>'s replacement, or null when nothing will replace it (<see cref="Of"/>).</summary>
    public static Claims.ReservedPod? Slot(Pod pod, DateTimeOffset now) => Of(pod) is { } key
        ? new Claims.ReservedPod(new Claims.PodReference(pod.Namespace, pod.Name, SlotUid(pod.Uid)), pod.Requests, now) { Replaces = key }
        : null;
}
