using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>An EBS volume.</summary>
public sealed class EC2NodeClassBlockDevice
{
    public ResourceQuantity? VolumeSize { get; set; }

    /// <summary>gp3, gp2, io1, io2, st1, sc1 or standard.</summary>
    public string? VolumeType { get; set; }

    public long? Iops { get; set; }

    public long? Throughput { get; set; }

    public bool? Encrypted { get; set; }

    public string? KmsKeyID { get; set; }

    public bool? DeleteOnTermination { get; set; }

    public string? SnapshotID { get; set; }
}
