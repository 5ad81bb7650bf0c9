using Extender.Aws.Tests.Support;
using Extender.Core.Capacity;

namespace Extender.Aws.Tests.Wire;

public sealed class InstancesWireTests
{
    [Fact]
    public async Task ListOwnedInstancesAsync_TwoPages_FiltersByClusterTagAndLiveStatesAndFollowsToken()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("DescribeInstances", Ec2Xml.Instances("page-2", ("i-1", "us-east-1a", "running", "claim-1")), priority: 2);
        wire.Ec2.Stub("DescribeInstances", Ec2Xml.Instances(null, ("i-2", "us-east-1b", "pending", "claim-2")), field: "NextToken", value: "page-2", priority: 1);

        var owned = await wire.Host.Provider.ListOwnedInstancesAsync(CancellationToken.None);

        var sent = wire.Ec2.Sent("DescribeInstances");
        Assert.Equal(2, sent.Count);
        Assert.Equal("tag:provisioning.extender.io/cluster", sent[0]["Filter.1.Name"]);
        Assert.Equal("test-cluster", sent[0]["Filter.1.Value.1"]);
        Assert.Equal("instance-state-name", sent[0]["Filter.2.Name"]);
        Assert.Equal(["pending", "running", "stopping"], Enumerable.Range(1, 3).Select(i => sent[0][$"Filter.2.Value.{i}"]));
        Assert.DoesNotContain("NextToken", sent[0].Keys);
        Assert.Equal("page-2", sent[1]["NextToken"]);
        Assert.Equal(
            [("i-1", "aws:///us-east-1a/i-1", "claim-1", "running"), ("i-2", "aws:///us-east-1b/i-2", "claim-2", "pending")],
            owned.Select(o => (o.InstanceId, o.ProviderId, o.NodeClaimName, o.State)));
    }

    [Fact]
    public async Task TerminateAsync_Running_SendsInstanceId()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("TerminateInstances", Ec2Xml.TerminateInstances("i-0abc"));

        await wire.Host.Provider.TerminateAsync("aws:///us-east-1a/i-0abc", CancellationToken.None);

        Assert.Equal("i-0abc", Assert.Single(wire.Ec2.Sent("TerminateInstances"))["InstanceId.1"]);
    }

    [Fact]
    public async Task TerminateAsync_AlreadyGone_Succeeds()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("TerminateInstances", Ec2Xml.Error("InvalidInstanceID.NotFound"), 400);

        await wire.Host.Provider.TerminateAsync("aws:///us-east-1a/i-0gone", CancellationToken.None);

        Assert.Single(wire.Ec2.Sent("TerminateInstances"));
    }

    [Theory]
    [InlineData("i-0abc")]
    [InlineData("gce://p/z/i-0abc")]
    [InlineData("aws:///us-east-1a/")]
    public async Task TerminateAsync_NotAnEc2ProviderId_ThrowsConfiguration(string providerId)
    {
        using var wire = new WireFixture();

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.TerminateAsync(providerId, CancellationToken.None));

        Assert.Equal(CapacityErrorKind.Configuration, ex.Kind);
    }
}
