using Extender.Aws.Images;
using Extender.Aws.LaunchTemplates;
using Extender.Aws.NodeClasses;

namespace Extender.Aws.Tests.LaunchTemplates;

public sealed class BlockDevicesTests
{
    private static readonly ResolvedImage Image = new("ami-1", "eks", "amd64", "2025-01-01") { RootDeviceName = "/dev/sda1" };

    [Theory]
    [InlineData(AmiFamily.AL2023, "/dev/sda1=20")]
    [InlineData(AmiFamily.AL2, "/dev/sda1=20")]
    [InlineData(AmiFamily.Bottlerocket, "/dev/xvda=4 /dev/xvdb=20")]
    public void For_NoMappings_TheFamilysDefaults(AmiFamily family, string expected)
    {
        Assert.Equal(expected, Describe(BlockDevices.For(family, [], Image)));
    }

    [Theory]
    [InlineData(AmiFamily.AL2023, "/dev/sda1=100 /dev/xvdf=50")]
    [InlineData(AmiFamily.Bottlerocket, "/dev/xvdb=100 /dev/xvdf=50")]
    public void For_RootVolume_AttachedWhereTheKubeletRootIsWhateverItsDeviceName(AmiFamily family, string expected)
    {
        BlockDeviceMapping[] mappings =
        [
            new() { DeviceName = "/dev/xvda", VolumeSizeGiB = 100, RootVolume = true },
            new() { DeviceName = "/dev/xvdf", VolumeSizeGiB = 50 },
        ];

        Assert.Equal(expected, Describe(BlockDevices.For(family, mappings, Image)));
    }

    [Fact]
    public void For_RootVolumeAndAnotherMappingOfTheRootDevice_RootVolumeWins()
    {
        BlockDeviceMapping[] mappings =
        [
            new() { DeviceName = "/dev/sda1", VolumeSizeGiB = 30 },
            new() { DeviceName = "/dev/xvda", VolumeSizeGiB = 100, RootVolume = true },
        ];

        Assert.Equal("/dev/sda1=100", Describe(BlockDevices.For(AmiFamily.AL2023, mappings, Image)));
    }

    [Fact]
    public void For_NoRootVolume_MappingsAsWritten()
    {
        BlockDeviceMapping[] mappings = [new() { DeviceName = "/dev/xvda", VolumeSizeGiB = 80 }];

        Assert.Same(mappings, BlockDevices.For(AmiFamily.AL2023, mappings, Image));
    }

    [Fact]
    public void For_ImageWithoutRootDeviceName_XvdaAsOnTheEksImages()
    {
        BlockDeviceMapping[] mappings = [new() { DeviceName = "/dev/sdz", VolumeSizeGiB = 60, RootVolume = true }];

        Assert.Equal("/dev/xvda=60", Describe(BlockDevices.For(AmiFamily.AL2023, mappings, Image with { RootDeviceName = null })));
    }

    private static string Describe(IReadOnlyList<BlockDeviceMapping> mappings) => string.Join(' ', mappings.Select(m => $"{m.DeviceName}={m.VolumeSizeGiB}"));
}
