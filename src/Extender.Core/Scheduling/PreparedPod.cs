using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Scheduling;

/// <summary>
/// What <see cref="NodeFit"/> needs about one pod, computed once per request so that evaluating thousands of nodes
/// allocates nothing: the demand in upstream's check order with its reason strings, and the inter-pod affinity
/// domains read from the snapshot it was prepared against. Not for sharing between threads.
/// </summary>
public sealed class PreparedPod
{
    internal PreparedPod(Pod pod, ClusterSnapshot snapshot)
    {
        Pod = pod;
        Snapshot = snapshot;
        NodeSelector = [.. pod.NodeSelector];
        Demand = OrderDemand(pod.Requests);
        InterPodAffinity = InterPodAffinity.Prepare(pod, snapshot);
    }

    public Pod Pod { get; }

    /// <summary>The snapshot the pod was prepared against; node positions given to <see cref="NodeFit"/> refer to it.</summary>
    public ClusterSnapshot Snapshot { get; }

    internal KeyValuePair<string, string>[] NodeSelector { get; }

    internal ResourceDemand[] Demand { get; }

    internal InterPodAffinity? InterPodAffinity { get; }

    /// <summary>The label questions answered against <see cref="Snapshot"/>'s label columns, made on first use.</summary>
    internal PodLabelTests LabelTests => field ??= new PodLabelTests(this, Snapshot.Labels);

    // NodeResourcesFit (fitsRequest) checks the pod count, cpu, memory and ephemeral storage, then scalar resources;
    // upstream reports every shortfall but one reason is enough here, so the first in that order wins, with scalar
    // resources by name to stay deterministic. Zero requests never fail, even for resources the node lacks.
    private static ResourceDemand[] OrderDemand(ResourceList requests)
    {
        var demand = new List<ResourceDemand>(requests.Count);
        foreach (var (name, milli) in requests)
        {
            if (milli > 0)
            {
                demand.Add(new ResourceDemand(name, milli, name == ResourceNames.Pods ? FitReasons.TooManyPods : FitReasons.InsufficientPrefix + name));
            }
        }

        return [.. demand.OrderBy(d => Rank(d.Name)).ThenBy(d => d.Name, StringComparer.Ordinal)];
    }

    private static int Rank(string name) => name switch
    {
        ResourceNames.Pods => 0,
        ResourceNames.Cpu => 1,
        ResourceNames.Memory => 2,
        ResourceNames.EphemeralStorage => 3,
        _ => 4,
    };
}
