using Extender.Aws.NodeClasses;
using Extender.Aws.Tests.Support;

namespace Extender.Aws.Tests.Wire;

public sealed class NodeClassWireTests
{
    [Fact]
    public async Task ResolveAsync_SelectorTerms_SendsFiltersAndPicksNewestAmiPerArchitecture()
    {
        using var wire = new WireFixture();
        var spec = ProviderHost.DefaultNodeClass with
        {
            SecurityGroupSelectorTerms = [new SelectorTerm { Name = "nodes", Tags = new Dictionary<string, string> { ["env"] = "*" } }],
            AmiSelectorTerms = [new SelectorTerm { Name = "al2023-*", Owner = "amazon" }],
        };

        var status = await wire.Host.Get<IEc2NodeClassResolver>().ResolveAsync(spec, CancellationToken.None);

        var subnets = Assert.Single(wire.Ec2.Sent("DescribeSubnets"));
        Assert.Equal(("tag:subnet-role", "nodes"), (subnets["Filter.1.Name"], subnets["Filter.1.Value.1"]));
        var groups = Assert.Single(wire.Ec2.Sent("DescribeSecurityGroups"));
        Assert.Equal(("group-name", "nodes", "tag-key", "env"), (groups["Filter.1.Name"], groups["Filter.1.Value.1"], groups["Filter.2.Name"], groups["Filter.2.Value.1"]));
        var images = Assert.Single(wire.Ec2.Sent("DescribeImages"));
        Assert.Equal(("name", "al2023-*", "state", "available", "amazon"), (images["Filter.1.Name"], images["Filter.1.Value.1"], images["Filter.2.Name"], images["Filter.2.Value.1"], images["Owner.1"]));
        Assert.True(status.IsReady);
        Assert.Equal(["subnet-a", "subnet-b"], status.Subnets.Select(s => s.Id));
        Assert.Equal([("amd64", "ami-new"), ("arm64", "ami-arm")], status.Images.Select(i => (i.Architecture, i.Id)));
    }

    [Fact]
    public async Task ResolveAsync_NothingMatchesAndNoProfile_ReportsEachConditionWithReason()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("DescribeSubnets", Ec2Xml.Subnets(), priority: 1);
        var spec = ProviderHost.DefaultNodeClass with { InstanceProfile = null, AmiSelectorTerms = [new SelectorTerm()] };

        var status = await wire.Host.Get<IEc2NodeClassResolver>().ResolveAsync(spec, CancellationToken.None);

        Assert.False(status.IsReady);
        Assert.Equal(
            [("SubnetsReady", false, "NotFound"), ("SecurityGroupsReady", true, "Resolved"), ("AMIsReady", false, "ResolutionFailed"),
             ("InstanceProfileReady", false, "InvalidSpec"), ("Ready", false, "NotReady")],
            status.Conditions.Select(c => (c.Type, c.Status, c.Reason)));
        Assert.Equal(
            "no subnet matches the selector terms; a AMI selector term has no id, name or tags; exactly one of spec.role and spec.instanceProfile must be set",
            status.NotReadyReason);
    }

    [Theory]
    [InlineData("name", null, "self,amazon")]
    [InlineData("tags", null, "self,amazon")]
    [InlineData("name", "123456789012", "123456789012")]
    [InlineData("name", "aws-marketplace", "aws-marketplace")]
    [InlineData("id", null, "")]
    public async Task ResolveAsync_AmiTerm_AsksOnlyForImagesOfTrustedOwners(string by, string? owner, string expectedOwners)
    {
        using var wire = new WireFixture();
        var term = by switch
        {
            "name" => new SelectorTerm { Name = "amazon-eks-node-al2023-x86_64-standard-1.33-*", Owner = owner },
            "tags" => new SelectorTerm { Tags = new Dictionary<string, string> { ["team"] = "nodes" }, Owner = owner },
            _ => new SelectorTerm { Id = "ami-0123456789abcdef0", Owner = owner },
        };

        await wire.Host.Get<IEc2NodeClassResolver>().ResolveAsync(ProviderHost.DefaultNodeClass with { AmiSelectorTerms = [term] }, CancellationToken.None);

        var images = Assert.Single(wire.Ec2.Sent("DescribeImages"));
        var owners = images.Where(p => p.Key.StartsWith("Owner.", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value);
        Assert.Equal(expectedOwners, string.Join(',', owners));
    }
}
