using System.Globalization;
using Extender.Core.Resources;

namespace Extender.Core.Catalog;

/// <summary>
/// What a machine is before the kubelet's reservations, as NodePool limits count it: Karpenter counts limits on an
/// instance type's capacity, not on what is left for pods. vCPUs, and memory less the share the hypervisor and
/// firmware keep (Karpenter's <c>vmMemoryOverheadPercent</c>, 7.5% by default), from the instance attribute labels.
/// </summary>
public static class MachineCapacity
{
    private const double VmMemoryOverhead = 0.075;
    private const long MilliMiB = 1024L * 1024 * 1000;

    /// <summary>The memory a machine with <paramref name="nominalMiB"/> reports to its kubelet, rounded as Karpenter rounds it (overhead up to a MiB).</summary>
    public static long MemoryMiB(long nominalMiB) => nominalMiB - (long)Math.Ceiling(nominalMiB * VmMemoryOverhead);

    public static ResourceList FromLabels(IReadOnlyDictionary<string, string> labels, ResourceList allocatable)
    {
        var capacity = allocatable;
        if (labels.TryGetValue(WellKnownLabels.InstanceCpu, out var cpu) && long.TryParse(cpu, NumberStyles.None, CultureInfo.InvariantCulture, out var cores))
        {
            capacity = capacity.With(ResourceNames.Cpu, cores * 1000);
        }

        if (labels.TryGetValue(WellKnownLabels.InstanceMemory, out var memory) && long.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out var mebibytes))
        {
            capacity = capacity.With(ResourceNames.Memory, MemoryMiB(mebibytes) * MilliMiB);
        }

        return capacity;
    }
}
