using Extender.Core.Cluster;
using Extender.Core.Disruption;

namespace Extender.Core.Tests.Disruption;

/// <summary>
/// AMI, security-group and subnet drift against the node class's status, from karpenter-provider-aws's cloud provider
/// drift tests (pkg/cloudprovider/suite_test.go, "EC2NodeClass Drift"), including its order (image before security
/// groups before subnet) and its refusal to judge on an empty status.
/// </summary>
public sealed class CloudDriftTests
{
    private static readonly Dictionary<string, string> Amd64Node = new() { ["kubernetes.io/arch"] = "amd64" };

    private static ResolvedNodeClass NodeClass(string[]? subnets = null, string[]? groups = null, (string Id, string Arch)[]? images = null) => new(
        subnets ?? ["subnet-a", "subnet-b"],
        groups ?? ["sg-1", "sg-2"],
        [.. (images ?? [("ami-amd64", "amd64"), ("ami-arm64", "arm64")]).Select(i => new ResolvedNodeImage(i.Id, [new NodeSelectorRequirement("kubernetes.io/arch", "In", [i.Arch])]))]);

    private static LaunchedAs Instance(string image = "ami-amd64", string subnet = "subnet-a", string[]? groups = null) => new(image, subnet, groups ?? ["sg-2", "sg-1"]);

    [Fact]
    public void Check_InstanceMatchesTheStatus_NoDrift() => Assert.Null(CloudDrift.Check(Instance(), NodeClass(), Amd64Node));

    [Theory]
    [InlineData("image gone", DriftReasons.AmiDrift)]
    [InlineData("image of the other architecture", DriftReasons.AmiDrift)]
    [InlineData("a security group removed", DriftReasons.SecurityGroupDrift)]
    [InlineData("a security group added", DriftReasons.SecurityGroupDrift)]
    [InlineData("subnet gone", DriftReasons.SubnetDrift)]
    [InlineData("image and subnet gone", DriftReasons.AmiDrift)]
    [InlineData("security groups and subnet gone", DriftReasons.SecurityGroupDrift)]
    public void Check_StatusMovedOn_DriftsForTheFirstPartThatDiffers(string change, string reason)
    {
        var (instance, nodeClass) = change switch
        {
            "image gone" => (Instance(), NodeClass(images: [("ami-new", "amd64")])),
            "image of the other architecture" => (Instance(image: "ami-arm64"), NodeClass()),
            "a security group removed" => (Instance(), NodeClass(groups: ["sg-1"])),
            "a security group added" => (Instance(), NodeClass(groups: ["sg-1", "sg-2", "sg-3"])),
            "subnet gone" => (Instance(), NodeClass(subnets: ["subnet-b"])),
            "image and subnet gone" => (Instance(), NodeClass(subnets: ["subnet-b"], images: [("ami-new", "amd64")])),
            _ => (Instance(), NodeClass(subnets: ["subnet-b"], groups: ["sg-3"])),
        };

        Assert.Equal(reason, CloudDrift.Check(instance, nodeClass, Amd64Node)?.Reason);
    }

    [Theory]
    [InlineData("no images resolved")]
    [InlineData("no subnets resolved")]
    [InlineData("no security groups resolved")]
    [InlineData("nothing reported for the instance")]
    public void Check_SomethingUnknown_DecidesNothingOnIt(string unknown)
    {
        var (instance, nodeClass) = unknown switch
        {
            "no images resolved" => (Instance(image: "ami-old"), NodeClass(images: [])),
            "no subnets resolved" => (Instance(subnet: "subnet-old"), NodeClass(subnets: [])),
            "no security groups resolved" => (Instance(groups: ["sg-old"]), NodeClass(groups: [])),
            _ => (new LaunchedAs(null, null, []), NodeClass()),
        };

        Assert.Null(CloudDrift.Check(instance, nodeClass, Amd64Node));
    }
}
