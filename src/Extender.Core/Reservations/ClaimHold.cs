using Extender.Core.Claims;
using Extender.Core.Resources;

namespace Extender.Core.Reservations;

/// <summary>
/// The capacity one NodeClaim holds: for which pods, how much in total, and the node it registered as (null while the
/// instance is still in flight).
/// </summary>
public sealed record ClaimHold(string ClaimName, string? NodeName, IReadOnlyDictionary<string, ReservedPod> Pods, ResourceList Total)
{
    internal ClaimHold With(ReservedPod pod)
    {
        var pods = new Dictionary<string, ReservedPod>(Pods) { [pod.Pod.Uid] = pod };
        var total = Pods.TryGetValue(pod.Pod.Uid, out var previous) ? Total.Subtract(previous.Demand) : Total;
        return this with { Pods = pods, Total = total.Add(pod.Demand) };
    }

    internal ClaimHold Without(string podUid)
    {
        var pods = new Dictionary<string, ReservedPod>(Pods);
        return pods.Remove(podUid, out var removed) ? this with { Pods = pods, Total = Total.Subtract(removed.Demand) } : this;
    }
}
