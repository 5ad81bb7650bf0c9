namespace Extender.Disruption.Termination;

/// <summary>
/// When each pod of a draining node may be asked for again. A refused eviction (a PodDisruptionBudget at its limit)
/// is retried with a doubling delay, as Karpenter's eviction queue does; an accepted one is not repeated while the
/// watch catches up with the pod's deletion. Kept per node and dropped with it.
/// </summary>
internal sealed class EvictionBackoff(TimeProvider time)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AfterAccepted = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, (int Refusals, DateTimeOffset Due)>> _nodes = new(StringComparer.Ordinal);

    public bool IsDue(string nodeName, string podUid)
    {
        lock (_gate)
        {
            return !_nodes.TryGetValue(nodeName, out var pods) || !pods.TryGetValue(podUid, out var entry) || entry.Due <= time.GetUtcNow();
        }
    }

    public void Refused(string nodeName, string podUid)
    {
        lock (_gate)
        {
            var pods = Pods(nodeName);
            var refusals = pods.TryGetValue(podUid, out var entry) ? entry.Refusals + 1 : 1;
            var delay = TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks << Math.Min(refusals - 1, 16)));
            pods[podUid] = (refusals, time.GetUtcNow() + delay);
        }
    }

    public void Accepted(string nodeName, string podUid)
    {
        lock (_gate)
        {
            Pods(nodeName)[podUid] = (0, time.GetUtcNow() + AfterAccepted);
        }
    }

    public void Forget(string nodeName)
    {
        lock (_gate)
        {
            _nodes.Remove(nodeName);
        }
    }

    private Dictionary<string, (int Refusals, DateTimeOffset Due)> Pods(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var pods))
        {
            _nodes[nodeName] = pods = new(StringComparer.Ordinal);
        }

        return pods;
    }
}
