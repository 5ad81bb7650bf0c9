using Extender.Aws.Catalog;
using Extender.Core.Catalog;
using Extender.Core.Resources;

namespace Extender.Aws.Tests.Catalog;

public sealed class NodeOverheadTests
{
    /// <summary>Expected figures are the allocatable values of shared/data/ec2-instance-types-us-east-1.json for these types.</summary>
    [Theory]
    [InlineData("t3.micro", 2, 1024, 2, 2, 0, "1930m", "548Mi", 4)]
    [InlineData("m5.large", 2, 8192, 3, 10, 0, "1930m", "6903Mi", 29)]
    [InlineData("c5.large", 2, 4096, 3, 10, 0, "1930m", "3114Mi", 29)]
    [InlineData("m5.xlarge", 4, 16384, 4, 15, 0, "3920m", "14162Mi", 58)]
    [InlineData("g5.xlarge", 4, 16384, 4, 15, 1, "3920m", "14162Mi", 58)]
    [InlineData("c5.12xlarge", 48, 98304, 8, 30, 0, "47810m", "88002Mi", 234)]
    [InlineData("c5ad.16xlarge", 64, 131072, 15, 50, 0, "63770m", "112779Mi", 737)]
    [InlineData("m5.24xlarge", 96, 393216, 15, 50, 0, "95690m", "355262Mi", 737)]
    [InlineData("p4d.24xlarge", 96, 1179648, 15, 50, 8, "95690m", "1082712Mi", 737)]
    public void Allocatable_PublishedInstanceTypes_MatchesPublishedAllocatable(
        string name, int vcpus, long memoryMiB, int enis, int ipv4PerEni, int gpus, string cpu, string memory, int pods)
    {
        var facts = new InstanceTypeFacts(name, "amd64", vcpus, memoryMiB, enis, ipv4PerEni, gpus, gpus > 0 ? "A10G" : null, gpus > 0 ? "NVIDIA" : null);

        var allocatable = new NodeOverhead(null, 20).Allocatable(facts);

        Assert.Equal(Quantity.ParseMilli(cpu), allocatable[ResourceNames.Cpu]);
        Assert.Equal(Quantity.ParseMilli(memory), allocatable[ResourceNames.Memory]);
        Assert.Equal(pods * 1000L, allocatable[ResourceNames.Pods]);
        Assert.Equal(Quantity.ParseMilli("17Gi"), allocatable[ResourceNames.EphemeralStorage]);
        Assert.Equal(gpus * 1000L, allocatable.Contains(ResourceNames.NvidiaGpu) ? allocatable[ResourceNames.NvidiaGpu] : 0);
    }

    [Fact]
    public void Allocatable_ConfiguredMaxPods_OverridesEniLimitAndKubeReservedMemory()
    {
        var facts = new InstanceTypeFacts("m5.large", "amd64", 2, 8192, 3, 10);

        var allocatable = new NodeOverhead(110, 20).Allocatable(facts);

        Assert.Equal(110_000, allocatable[ResourceNames.Pods]);
        Assert.Equal(Quantity.ParseMilli($"{7577 - ((11 * 110) + 255) - 100}Mi"), allocatable[ResourceNames.Memory]);
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 70)]
    [InlineData(4, 80)]
    [InlineData(8, 90)]
    [InlineData(96, 310)]
    public void KubeReservedCpuMilli_CoreCounts_FollowsSteppedPercentages(int cores, long expected) =>
        Assert.Equal(expected, KubeletAllocatable.KubeReservedCpuMilli(cores));
}
