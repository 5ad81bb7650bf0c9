using Extender.Aws.Images;
using Extender.Aws.NodeClasses;

namespace Extender.Aws.LaunchTemplates;

/// <summary>
/// The block device mappings a launch template gets, as Karpenter writes them: the class's own, or its image family's
/// defaults when it has none (a 20 GiB encrypted gp3 root; Bottlerocket a 4 GiB OS volume and a 20 GiB data volume).
/// The mapping marked <c>rootVolume</c> is the volume the kubelet's root directory lives on, so it is attached where
/// that is, whatever device name it was written with: the image's root device (its <c>RootDeviceName</c>), or
/// Bottlerocket's data volume <c>/dev/xvdb</c>. It replaces any other mapping of that device (EC2 refuses two), and only
/// the first mapping marked so counts (the CRD allows one).
/// </summary>
internal static class BlockDevices
{
    private const string DefaultRootDevice = "/dev/xvda";
    private const string BottlerocketDataDevice = "/dev/xvdb";

    public static IReadOnlyList<BlockDeviceMapping> For(AmiFamily family, IReadOnlyList<BlockDeviceMapping> mappings, ResolvedImage image)
    {
        if (mappings.Count == 0)
        {
            return family == AmiFamily.Bottlerocket
                ? [new BlockDeviceMapping { DeviceName = DefaultRootDevice, VolumeSizeGiB = 4 }, new BlockDeviceMapping { DeviceName = BottlerocketDataDevice, VolumeSizeGiB = 20 }]
                : [new BlockDeviceMapping { DeviceName = image.RootDeviceName ?? DefaultRootDevice, VolumeSizeGiB = 20 }];
        }

        if (mappings.FirstOrDefault(m => m.RootVolume) is not { } root)
        {
            return mappings;
        }

        var device = family == AmiFamily.Bottlerocket ? BottlerocketDataDevice : image.RootDeviceName ?? DefaultRootDevice;
        return [.. mappings.Where(m => ReferenceEquals(m, root) || m.DeviceName != device).Select(m => ReferenceEquals(m, root) ? m with { DeviceName = device } : m)];
    }
}
