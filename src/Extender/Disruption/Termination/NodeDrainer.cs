using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Provisioning.Ports;

namespace Extender.Disruption.Termination;

/// <summary>
/// One pass of draining a node: taint it so nothing new lands, delete the pods whose grace would outlast the
/// termination deadline, evict the current wave (<see cref="Drain"/>) through the Eviction API, and say so when a
/// PodDisruptionBudget refuses (an event on the node and its claim, a warning on the pod, a metric). Never waits.
/// </summary>
internal sealed class NodeDrainer(
    IPodEvictor evictor,
    INodePatcher nodes,
    IDisruptionEvents events,
    EvictionBackoff backoff,
    DisruptionMetrics metrics,
    TimeProvider time,
    ILogger<NodeDrainer> logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);

    /// <returns>True once no pod that must leave is left on the node.</returns>
    public async Task<bool> DrainAsync(NodeState node, NodeClaim claim, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        await TaintAsync(node.Node, cancellationToken);
        var step = Drain.Next(node.Pods, time.GetUtcNow(), deadline);
        if (step.Drained)
        {
            SetBlocked(node.Node.Name, false);
            return true;
        }

        foreach (var pod in step.Delete)
        {
            await evictor.DeleteAsync(Reference(pod), cancellationToken);
            metrics.Evicted("deleted");
            events.OnPod(Reference(pod), true, "Deleted", $"node {node.Node.Name} reaches its termination deadline; deleted with its own grace period");
        }

        var due = step.Evict.Where(p => backoff.IsDue(node.Node.Name, p.Uid)).ToList();
        var results = await Task.WhenAll(due.Select(p => evictor.EvictAsync(Reference(p), cancellationToken)));
        var refused = due.Zip(results).Where(r => !r.Second.Evicted).ToList();
        foreach (var (pod, result) in due.Zip(results))
        {
            if (result.Evicted)
            {
                backoff.Accepted(node.Node.Name, pod.Uid);
                metrics.Evicted("evicted");
                continue;
            }

            backoff.Refused(node.Node.Name, pod.Uid);
            metrics.Evicted("refused");
            DisruptionLog.EvictionRefused(logger, pod.Key, node.Node.Name, result.Refusal!);
            events.OnPod(Reference(pod), true, "DisruptionBlocked", $"eviction from node {node.Node.Name} refused: {result.Refusal}");
        }

        if (step.Held.Count > 0)
        {
            var why = $"pod {step.Held[0].Key} has the do-not-disrupt annotation; it leaves at the termination deadline" + (step.Held.Count > 1 ? $" (and {step.Held.Count - 1} more)" : "");
            events.OnNode(node.Node.Name, true, "DisruptionBlocked", why);
            events.OnClaim(claim, true, "DisruptionBlocked", why);
        }

        if (refused.Count > 0)
        {
            var why = $"eviction of {refused[0].First.Key} refused: {refused[0].Second.Refusal}" + (refused.Count > 1 ? $" (and {refused.Count - 1} more)" : "");
            events.OnNode(node.Node.Name, true, "DisruptionBlocked", why);
            events.OnClaim(claim, true, "DisruptionBlocked", why);
            metrics.Blocked("PodDisruptionBudget");
        }

        if (due.Count > 0)
        {
            SetBlocked(node.Node.Name, refused.Count > 0);
            DisruptionLog.Draining(logger, node.Node.Name, claim.Name, due.Count, step.Delete.Count, step.Remaining);
        }

        return false;
    }

    /// <summary>Taints the node with the <see cref="DisruptionTaint"/>, so that nothing new lands on it.</summary>
    public async Task TaintAsync(Node node, CancellationToken cancellationToken)
    {
        if (!DisruptionTaint.IsOn(node))
        {
            await nodes.EnsureLabelsAndTaintsAsync(node.Name, new Dictionary<string, string>(), [DisruptionTaint.Taint], cancellationToken);
        }
    }

    /// <summary>Forgets a node that is gone (its drain can no longer be blocked).</summary>
    public void Forget(string nodeName)
    {
        backoff.Forget(nodeName);
        SetBlocked(nodeName, false);
    }

    private void SetBlocked(string nodeName, bool blocked)
    {
        lock (_gate)
        {
            var changed = blocked ? _blocked.Add(nodeName) : _blocked.Remove(nodeName);
            if (changed)
            {
                metrics.BlockedDrains(_blocked.Count);
            }
        }
    }

    private static PodReference Reference(Pod pod) => new(pod.Namespace, pod.Name, pod.Uid);
}
