namespace Extender.Sandbox.Ec2;

/// <summary>An instance type the sandbox sells: raw facts as DescribeInstanceTypes reports them, and its prices.</summary>
public sealed record SandboxInstanceType(
    string Name,
    string Architecture,
    int VCpus,
    long MemoryMiB,
    int MaxNetworkInterfaces,
    int Ipv4AddressesPerInterface,
    decimal OnDemandPricePerHour,
    int GpuCount = 0,
    string? GpuName = null);
