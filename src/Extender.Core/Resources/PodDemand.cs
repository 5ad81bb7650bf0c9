namespace Extender.Core.Resources;

/// <summary>
/// A pod's resource demand exactly as kube-scheduler's NodeResourcesFit computes it
/// (<c>k8s.io/component-helpers/resource.PodRequests</c>), plus one <c>pods</c> slot.
/// </summary>
public static class PodDemand
{
    /// <summary>One pod occupies one slot of the node's <c>pods</c> allocatable, in milli-units.</summary>
    public const long PodSlot = 1000;

    public static ResourceList Compute(PodResources pod)
    {
        var running = ResourceList.Empty;
        foreach (var container in pod.Containers)
        {
            running = running.Add(container.Requests);
        }

        // Init containers run one at a time, each beside the restartable (sidecar) init containers started before it;
        // sidecars keep running with the app containers. The pod needs the larger of the two phases.
        var sidecars = ResourceList.Empty;
        var initPeak = ResourceList.Empty;
        foreach (var init in pod.InitContainers)
        {
            if (init.IsSidecar)
            {
                sidecars = sidecars.Add(init.Requests);
                initPeak = initPeak.Max(sidecars);
            }
            else
            {
                initPeak = initPeak.Max(init.Requests.Add(sidecars));
            }
        }

        var demand = running.Add(sidecars).Max(initPeak);

        // PodLevelResources: requests set on the pod replace the container sums for the resources upstream supports there.
        if (pod.PodLevelRequests is { } podLevel)
        {
            foreach (var (name, milli) in podLevel)
            {
                if (name is ResourceNames.Cpu or ResourceNames.Memory || name.StartsWith("hugepages-", StringComparison.Ordinal))
                {
                    demand = demand.With(name, milli);
                }
            }
        }

        return demand.Add(pod.Overhead).With(ResourceNames.Pods, PodSlot);
    }
}
