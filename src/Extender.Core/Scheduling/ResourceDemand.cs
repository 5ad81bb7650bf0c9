using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Scheduling;

/// <summary>One positive resource request with the reason reported when a node cannot hold it.</summary>
internal readonly record struct ResourceDemand(string Name, long Milli, string Reason)
{
    /// <summary>Where <see cref="NodeFitFacts"/> keeps the free amount, decided once rather than per node.</summary>
    public ResourceSlot Slot { get; } = Name switch
    {
        ResourceNames.Pods => ResourceSlot.Pods,
        ResourceNames.Cpu => ResourceSlot.Cpu,
        ResourceNames.Memory => ResourceSlot.Memory,
        _ => ResourceSlot.Other,
    };
}
