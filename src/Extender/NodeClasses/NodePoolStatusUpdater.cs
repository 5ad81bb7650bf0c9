using Extender.Core.Resources;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Events;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.State;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using k8s.Models;

namespace Extender.NodeClasses;

/// <summary>
/// Writes each NodePool's status: <c>resources</c>, the capacity of its launched claims summed as Karpenter sums it
/// (machine capacity, not allocatable, and <c>nodes</c>, their count), and the <c>NodeClassReady</c> and <c>Ready</c>
/// conditions. A NodePool that turns not ready gets one Warning event, recorded when that status is written.
/// </summary>
internal sealed class NodePoolStatusUpdater(
    INodePoolSource nodePools,
    IObjectCache<NodePoolResource> resources,
    LaunchedCapacity launchedCapacity,
    NodeClassReadiness readiness,
    StatusWrites writes,
    IEventRecorder events,
    TimeProvider time,
    ILogger<NodePoolStatusUpdater> logger)
{
    public const string NodeClassReadyCondition = "NodeClassReady";
    public const string ReadyCondition = "Ready";

    private static readonly string[] ZeroResources =
        [ResourceNames.Cpu, ResourceNames.Memory, ResourceNames.Pods, ResourceNames.EphemeralStorage, LaunchedCapacity.NodesResource];

    public void Subscribe(Action changed)
    {
        resources.Changed += changed;
        launchedCapacity.Subscribe(changed);
    }

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var launched = await launchedCapacity.ByNodePoolAsync(cancellationToken);
        foreach (var pool in nodePools.NodePools)
        {
            if (resources.Get(pool.Name) is not { } resource)
            {
                continue;
            }

            var nodeClass = await readiness.GetAsync(ClaimFactory.NodeClassOf(pool), cancellationToken);
            var status = Status(resource, launched.GetValueOrDefault(pool.Name, ResourceList.Empty), nodeClass);
            var wasNotReady = resource.Status?.Conditions?.Any(c => c.Type == ReadyCondition && c.Status == "False") == true;
            if (await writes.WriteAsync(resource, status, cancellationToken) && nodeClass.Problem is { } problem && !wasNotReady)
            {
                NodeClassStatusLog.NodePoolNotReady(logger, pool.Name, problem);
                events.Record(EventTarget.NodePool(pool.Name, resource.Metadata.Uid ?? ""), "Warning", Reason(nodeClass), "Provision", $"no nodes are launched from this NodePool: {problem}");
            }
        }
    }

    private NodePoolStatus Status(NodePoolResource resource, ResourceList launched, NodeClassState nodeClass)
    {
        var generation = resource.Metadata.Generation ?? 0;
        var now = time.GetUtcNow();
        var problem = nodeClass.Problem;
        return new NodePoolStatus
        {
            Resources = Resources(launched),
            Conditions =
            [
                StatusConditions.Condition(resource.Status?.Conditions, NodeClassReadyCondition, problem is null, problem is null ? "Ready" : Reason(nodeClass), problem ?? $"EC2NodeClass '{nodeClass.Name}' is ready", generation, now),
                StatusConditions.Condition(resource.Status?.Conditions, ReadyCondition, problem is null, problem is null ? "Ready" : Reason(nodeClass), problem ?? "nodes may be launched from this NodePool", generation, now),
            ],
        };
    }

    /// <summary>As Karpenter writes them: the common resources and <c>nodes</c> shown as 0 rather than missing.</summary>
    private static Dictionary<string, ResourceQuantity> Resources(ResourceList launched)
    {
        var quantities = ZeroResources.ToDictionary(name => name, _ => new ResourceQuantity("0"), StringComparer.Ordinal);
        foreach (var (name, quantity) in QuantityMapper.ToQuantities(launched))
        {
            quantities[name] = quantity;
        }

        return quantities;
    }

    private static string Reason(NodeClassState nodeClass) => nodeClass.Status is null ? "NodeClassNotFound" : "NodeClassNotReady";
}
