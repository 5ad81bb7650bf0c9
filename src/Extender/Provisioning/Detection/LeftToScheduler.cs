using Extender.Core.Cluster;
using Extender.Core.Resources;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Room on registered nodes that pending pods are expected to take without a reservation: pods judged at creation to
/// fit an existing node (<see cref="ExistingCapacity"/>) and pods a plan put on one. kube-scheduler takes a burst's
/// pods in creation order, so those pods fill the free room before later ones do; without counting it, every pod of a
/// burst "fits" the same few free slots, nothing is bought for them, and they are planned only one by one as
/// kube-scheduler gets round to failing them (10,000-pod bursts: half the pods first detected 30–90 s late).
/// Detection and planning count this room as taken; the extender's filter does not (kube-scheduler may place these
/// pods wherever they fit). A pod's room counts until it binds or goes, is planned, or after
/// <see cref="DetectionOptions.LeftToSchedulerTtl"/> (a pod kube-scheduler never got to).
/// </summary>
internal sealed class LeftToScheduler(IOptions<DetectionOptions> options, TimeProvider time)
{
    private readonly TimeSpan _ttl = options.Value.LeftToSchedulerTtl;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byPod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Entry>> _byNode = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="pod"/>'s requests as taken on <paramref name="nodeName"/> (moving them if counted elsewhere).</summary>
    public void Leave(Pod pod, string nodeName)
    {
        var entry = new Entry(pod.Uid, nodeName, pod.Requests, time.GetUtcNow() + _ttl);
        lock (_gate)
        {
            Remove(pod.Uid);
            _byPod[pod.Uid] = entry;
            if (!_byNode.TryGetValue(nodeName, out var onNode))
            {
                _byNode[nodeName] = onNode = new Dictionary<string, Entry>(StringComparer.Ordinal);
            }

            onNode[pod.Uid] = entry;
        }
    }

    /// <summary>The pod bound, went away or is being planned: its room is no longer counted here.</summary>
    public void Release(string podUid)
    {
        lock (_gate)
        {
            Remove(podUid);
        }
    }

    /// <summary>
    /// Room counted on <paramref name="nodeName"/> for pods other than <paramref name="podUid"/>; null when none.
    /// A pod <paramref name="cluster"/> already shows bound counts there as usage instead (the watch publishes the
    /// binding just before it releases the pod here).
    /// </summary>
    public ResourceList? On(string nodeName, string podUid, ClusterSnapshot cluster)
    {
        lock (_gate)
        {
            if (!_byNode.TryGetValue(nodeName, out var onNode))
            {
                return null;
            }

            var now = time.GetUtcNow();
            ResourceList? total = null;
            List<string>? expired = null;
            foreach (var (uid, entry) in onNode)
            {
                if (entry.ExpiresAt <= now)
                {
                    (expired ??= []).Add(uid);
                }
                else if (uid != podUid && cluster.FindPod(uid)?.NodeName is null)
                {
                    total = total is null ? entry.Requests : total.Add(entry.Requests);
                }
            }

            foreach (var uid in expired ?? [])
            {
                Remove(uid);
            }

            return total;
        }
    }

    private void Remove(string podUid)
    {
        if (!_byPod.Remove(podUid, out var entry))
        {
            return;
        }

        var onNode = _byNode[entry.NodeName];
        onNode.Remove(podUid);
        if (onNode.Count == 0)
        {
            _byNode.Remove(entry.NodeName);
        }
    }

    private sealed record Entry(string PodUid, string NodeName, ResourceList Requests, DateTimeOffset ExpiresAt);
}
