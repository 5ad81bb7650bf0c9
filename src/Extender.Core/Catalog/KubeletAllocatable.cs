using System.Globalization;
using Extender.Core.Resources;

namespace Extender.Core.Catalog;

/// <summary>
/// What a node offers pods under given kubelet settings, with Karpenter's overhead formulas (the EKS AMIs' defaults):
/// <list type="bullet">
/// <item>pods: <c>maxPods</c>, else the instance type's (ENI-limited) pods, and at most <c>podsPerCore × vCPUs</c>;</item>
/// <item>kube-reserved, per resource unless given: cpu 6% of the first core, 1% of the second, 0.5% of the third and
/// fourth, 0.25% of the rest; memory <c>11 MiB × pods + 255 MiB</c>;</item>
/// <item>system-reserved as given (none by default);</item>
/// <item>the hard eviction threshold <c>memory.available</c> (100 Mi by default; a quantity or a share of memory).</item>
/// </list>
/// Allocatable is the machine's capacity (vCPUs, memory less the hypervisor's share) less all three; other resources
/// (ephemeral-storage, GPUs) stay as the instance type has them.
/// </summary>
public static class KubeletAllocatable
{
    private const long MiB = 1024L * 1024 * 1000;
    private const string MemoryAvailable = "memory.available";

    public static ResourceList For(InstanceType type, KubeletSettings kubelet) => For(type.Capacity ?? type.Allocatable, type.Allocatable, kubelet);

    /// <summary><paramref name="others"/> with cpu, memory and pods computed from <paramref name="capacity"/> (cpu, memory, and the type's own pods).</summary>
    public static ResourceList For(ResourceList capacity, ResourceList others, KubeletSettings kubelet)
    {
        var cores = (int)(capacity[ResourceNames.Cpu] / 1000);
        var pods = kubelet.MaxPods ?? (int)(capacity[ResourceNames.Pods] / 1000);
        if (kubelet.PodsPerCore is > 0 and var perCore)
        {
            pods = Math.Min(pods, perCore * cores);
        }

        var kubeReserved = ResourceList.Of(
            (ResourceNames.Cpu, KubeReservedCpuMilli(cores)),
            (ResourceNames.Memory, ((11L * pods) + 255) * MiB));
        foreach (var (name, milli) in kubelet.KubeReserved ?? ResourceList.Empty)
        {
            kubeReserved = kubeReserved.With(name, milli);
        }

        var eviction = ResourceList.Of((ResourceNames.Memory, Threshold(kubelet.EvictionHard.GetValueOrDefault(MemoryAvailable, "100Mi"), capacity[ResourceNames.Memory])));
        var reserved = kubeReserved.Add(kubelet.SystemReserved ?? ResourceList.Empty).Add(eviction);
        var allocatable = others.With(ResourceNames.Pods, pods * 1000L);
        foreach (var name in new[] { ResourceNames.Cpu, ResourceNames.Memory })
        {
            allocatable = allocatable.With(name, Math.Max(0, capacity[name] - reserved[name]));
        }

        return allocatable;
    }

    /// <summary>Kube-reserved CPU in milli-cores for a core count (the EKS AMI's stepped percentages).</summary>
    public static long KubeReservedCpuMilli(int cores)
    {
        // Thousandths of a milli-core per core, for cores 1, 2, 3-4 and 5+.
        long reserved = 0;
        for (var core = 1; core <= cores; core++)
        {
            reserved += core switch
            {
                1 => 60_000,
                2 => 10_000,
                3 or 4 => 5_000,
                _ => 2_500,
            };
        }

        return reserved / 1000;
    }

    private static long Threshold(string value, long capacityMilli) =>
        value.EndsWith('%')
            ? (long)Math.Ceiling(capacityMilli * double.Parse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture) / 100)
            : Quantity.ParseMilli(value);
}
