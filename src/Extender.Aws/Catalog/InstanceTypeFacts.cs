namespace Extender.Aws.Catalog;

/// <summary>The raw facts of an instance type that labels and allocatable are computed from.</summary>
internal sealed record InstanceTypeFacts(
    string Name,
    string Architecture,
    int VCpus,
    long MemoryMiB,
    int MaxNetworkInterfaces,
    int Ipv4AddressesPerInterface,
    int GpuCount = 0,
    string? GpuName = null,
    string? GpuManufacturer = null);
