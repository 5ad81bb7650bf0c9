using Extender.Aws.Catalog;
using Extender.Core.Catalog;

namespace Extender.Aws.Tests.Catalog;

public sealed class InstanceTypeLabelsTests
{
    [Theory]
    [InlineData("m7i.large", "m7i", "m", "7", "large")]
    [InlineData("c6gn.16xlarge", "c6gn", "c", "6", "16xlarge")]
    [InlineData("u-6tb1.metal", "u-6tb1", null, null, "metal")]
    public void For_InstanceTypeName_DerivesFamilyCategoryGenerationSize(string name, string family, string? category, string? generation, string size)
    {
        var labels = InstanceTypeLabels.For(new InstanceTypeFacts(name, "arm64", 4, 8192, 3, 10), "eu-west-1");

        Assert.Equal(family, labels[WellKnownLabels.InstanceFamily]);
        Assert.Equal(category, labels.GetValueOrDefault(WellKnownLabels.InstanceCategory));
        Assert.Equal(generation, labels.GetValueOrDefault(WellKnownLabels.InstanceGeneration));
        Assert.Equal(size, labels[WellKnownLabels.InstanceSize]);
        Assert.Equal(("arm64", "linux", "4", "8192"), (labels[WellKnownLabels.Arch], labels[WellKnownLabels.Os], labels[WellKnownLabels.InstanceCpu], labels[WellKnownLabels.InstanceMemory]));
        Assert.Equal("eu-west-1", labels[WellKnownLabels.Region]);
    }

    [Fact]
    public void For_GpuType_AddsGpuCountAndName()
    {
        var labels = InstanceTypeLabels.For(new InstanceTypeFacts("g5.xlarge", "amd64", 4, 16384, 4, 15, 1, "A10G", "NVIDIA"), "eu-west-1");

        Assert.Equal(("1", "a10g"), (labels[WellKnownLabels.InstanceGpuCount], labels[WellKnownLabels.InstanceGpuName]));
    }
}
