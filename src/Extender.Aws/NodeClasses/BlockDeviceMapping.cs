namespace Extender.Aws.NodeClasses;

/// <summary>An EBS volume of the node (<c>spec.blockDeviceMappings[]</c>).</summary>
public sealed record BlockDeviceMapping
{
    public required string DeviceName { get; init; }
    public int VolumeSizeGiB { get; init; } = 20;
    public string VolumeType { get; init; } = "gp3";
    public int? Iops { get; init; }
    public int? Throughput { get; init; }
    public bool Encrypted { get; init; } = true;
    public string? KmsKeyId { get; init; }
    public bool DeleteOnTermination { get; init; } = true;
    public bool RootVolume { get; init; }
}
