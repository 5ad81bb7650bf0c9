using Extender.Core.Catalog;
using Extender.Core.Resources;

namespace Extender.Aws.Catalog;

/// <summary>
/// What a node of a given type offers pods, following the EKS AL2023 defaults that Karpenter also models:
/// <list type="bullet">
/// <item>memory: capacity minus a 7.5% VM overhead (rounded up to MiB), minus kube-reserved <c>11 MiB × maxPods + 255 MiB</c>,
/// minus the 100 MiB hard eviction threshold;</item>
/// <item>cpu: minus kube-reserved 6% of the first core, 1% of the second, 0.5% of the third and fourth, 0.25% of the rest;</item>
/// <item>pods: <c>ENIs × (IPv4 per ENI − 1) + 2</c> (the VPC CNI's limit) unless a fixed max-pods is configured;</item>
/// <item>ephemeral-storage: the root volume minus 1 GiB kube-reserved minus the 10% nodefs eviction threshold.</item>
/// </list>
/// </summary>
internal sealed class NodeOverhead(int? maxPodsOverride, int rootVolumeGiB)
{
    private const long EvictionMemoryMiB = 100;
    private const long MiB = 1024L * 1024 * 1000;
    private const long GiB = 1024 * MiB;

    public int MaxPods(InstanceTypeFacts facts) =>
        maxPodsOverride ?? (facts.MaxNetworkInterfaces * (facts.Ipv4AddressesPerInterface - 1)) + 2;

    public ResourceList Allocatable(InstanceTypeFacts facts)
    {
        var pods = MaxPods(facts);
        var vmMemoryMiB = MachineCapacity.MemoryMiB(facts.MemoryMiB);
        var memoryMiB = vmMemoryMiB - ((11L * pods) + 255) - EvictionMemoryMiB;
        var rootMilli = rootVolumeGiB * GiB;
        var storageMilli = rootMilli - GiB - (long)Math.Ceiling(rootMilli * 0.1);
        var entries = new List<(string, long)>
        {
            (ResourceNames.Cpu, (facts.VCpus * 1000L) - KubeReservedCpuMilli(facts.VCpus)),
            (ResourceNames.Memory, Math.Max(0, memoryMiB) * MiB),
            (ResourceNames.Pods, pods * 1000L),
            (ResourceNames.EphemeralStorage, storageMilli),
        };
        if (facts.GpuCount > 0 && string.Equals(facts.GpuManufacturer, "NVIDIA", StringComparison.OrdinalIgnoreCase))
        {
            entries.Add((ResourceNames.NvidiaGpu, facts.GpuCount * 1000L));
        }

        return ResourceList.Of([.. entries]);
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
}
