using Extender.Core.Catalog;
using Extender.Core.Resources;

namespace Extender.Aws.Catalog;

/// <summary>
/// What a node of a given type offers pods, following the EKS AL2023 defaults that Karpenter also models:
/// <list type="bullet">
/// <item>cpu, memory (less a 7.5% VM overhead, rounded up to MiB): less kube-reserved and the hard eviction threshold
/// (<see cref="KubeletAllocatable"/>, the same formulas an EC2NodeClass's kubelet settings are planned with);</item>
/// <item>pods: <c>ENIs × (IPv4 per ENI − 1) + 2</c> (the VPC CNI's limit) unless a fixed max-pods is configured;</item>
/// <item>ephemeral-storage: the root volume minus 1 GiB kube-reserved minus the 10% nodefs eviction threshold.</item>
/// </list>
/// </summary>
internal sealed class NodeOverhead(int? maxPodsOverride, int rootVolumeGiB)
{
    private const long MiB = 1024L * 1024 * 1000;
    private const long GiB = 1024 * MiB;

    public int MaxPods(InstanceTypeFacts facts) =>
        maxPodsOverride ?? (facts.MaxNetworkInterfaces * (facts.Ipv4AddressesPerInterface - 1)) + 2;

    public ResourceList Allocatable(InstanceTypeFacts facts)
    {
        var capacity = ResourceList.Of(
            (ResourceNames.Cpu, facts.VCpus * 1000L),
            (ResourceNames.Memory, MachineCapacity.MemoryMiB(facts.MemoryMiB) * MiB),
            (ResourceNames.Pods, MaxPods(facts) * 1000L));
        var rootMilli = rootVolumeGiB * GiB;
        var others = ResourceList.Of((ResourceNames.EphemeralStorage, rootMilli - GiB - (long)Math.Ceiling(rootMilli * 0.1)));
        if (facts.GpuCount > 0 && string.Equals(facts.GpuManufacturer, "NVIDIA", StringComparison.OrdinalIgnoreCase))
        {
            others = others.With(ResourceNames.NvidiaGpu, facts.GpuCount * 1000L);
        }

        return KubeletAllocatable.For(capacity, others, new KubeletSettings { MaxPods = maxPodsOverride });
    }
}
