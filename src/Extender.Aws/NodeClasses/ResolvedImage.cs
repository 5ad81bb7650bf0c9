namespace Extender.Aws.NodeClasses;

/// <summary>
/// The newest AMI selected for one Kubernetes architecture (<c>amd64</c> or <c>arm64</c>), and the device its root
/// volume is attached as (<c>/dev/xvda</c> on the EKS images), which a <c>rootVolume</c> block device mapping resizes.
/// </summary>
public sealed record ResolvedImage(string Id, string Name, string Architecture, string CreationDate)
{
    public string? RootDeviceName { get; init; }
}
