using Extender.Core.Resources;

namespace Extender.Core.Catalog;

/// <summary>
/// An EC2 instance type: its label values (instance-type, arch, os and the <c>provisioning.extender.io/instance-*</c>
/// attributes), what a node of this type offers pods after system overhead, and where and how it can be bought.
/// </summary>
public sealed record InstanceType
{
    public required string Name { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required ResourceList Allocatable { get; init; }
    public required IReadOnlyList<Offering> Offerings { get; init; }

    /// <summary>What the machine is (vCPUs, memory) before system overhead; NodePool limits count this. Null: same as allocatable.</summary>
    public ResourceList? Capacity { get; init; }

    public string Family => Labels.GetValueOrDefault(WellKnownLabels.InstanceFamily, "");
    public string Category => Labels.GetValueOrDefault(WellKnownLabels.InstanceCategory, "");
    public string Size => Labels.GetValueOrDefault(WellKnownLabels.InstanceSize, "");
    public string Architecture => Labels.GetValueOrDefault(WellKnownLabels.Arch, "amd64");
}
