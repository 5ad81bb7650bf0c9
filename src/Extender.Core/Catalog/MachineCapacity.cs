using System.Globalization;
using Extender.Core.Resources;

namespace Extender.Core.Catalog;

/// <summary>
/// What a machine is before system overhead, as NodePool limits count it (Karpenter counts limits on an instance
/// type's capacity, not on what is left for pods): vCPUs and memory from the instance attribute labels.
/// </summary>
public static class MachineCapacity
{
    public static ResourceList FromLabels(IReadOnlyDictionary<string, string> labels, ResourceList allocatable)
    {
        var capacity = allocatable;
        if (labels.TryGetValue(WellKnownLabels.InstanceCpu, out var cpu) && long.TryParse(cpu, NumberStyles.None, CultureInfo.InvariantCulture, out var cores))
        {
            capacity = capacity.With(ResourceNames.Cpu, cores * 1000);
        }

        if (labels.TryGetValue(WellKnownLabels.InstanceMemory, out var memory) && long.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out var mebibytes))
        {
            capacity = capacity.With(ResourceNames.Memory, mebibytes * 1024 * 1024 * 1000);
        }

        return capacity;
    }
}
