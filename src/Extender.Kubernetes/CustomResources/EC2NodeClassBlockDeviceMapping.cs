namespace Extender.Kubernetes.CustomResources;

public sealed class EC2NodeClassBlockDeviceMapping
{
    public string DeviceName { get; set; } = "";

    public EC2NodeClassBlockDevice? Ebs { get; set; }

    /// <summary>This mapping is the root volume.</summary>
    public bool? RootVolume { get; set; }
}
