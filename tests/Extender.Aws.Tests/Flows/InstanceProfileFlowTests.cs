using Extender.Aws.InstanceProfiles;
using Extender.Aws.NodeClasses;
using Extender.Aws.Tests.Support;
using Extender.Core.Capacity;

namespace Extender.Aws.Tests.Flows;

/// <summary><c>role</c> and <c>instanceProfile</c> as Karpenter defines them, against the sandbox's IAM.</summary>
public sealed class InstanceProfileFlowTests
{
    [Fact]
    public async Task LaunchAsync_Role_CreatesTaggedProfileHoldingTheRoleAndLaunchesWithIt()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var spec = SandboxFixture.NodeClass with { Tags = new Dictionary<string, string> { ["team"] = "infra" } };
        sandbox.Host.NodeClasses.Upsert(spec);

        var status = await Resolver(sandbox).ResolveAsync(spec, CancellationToken.None);
        await sandbox.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        var profile = Assert.Single(sandbox.Ec2.InstanceProfiles, p => p.Path.StartsWith("/extender/", StringComparison.Ordinal));
        Assert.Equal(status.InstanceProfile, profile.Name);
        Assert.StartsWith("test-cluster_", profile.Name, StringComparison.Ordinal);
        Assert.Equal("/extender/us-east-1/test-cluster/", profile.Path);
        Assert.Equal("NodeRole", profile.Role);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["kubernetes.io/cluster/test-cluster"] = "owned",
                ["provisioning.extender.io/cluster"] = "test-cluster",
                ["provisioning.extender.io/ec2nodeclass"] = "default",
                ["team"] = "infra",
                ["topology.kubernetes.io/region"] = "us-east-1",
            },
            profile.Tags);
        Assert.Single(sandbox.Ec2.Instances);
    }

    [Fact]
    public async Task ResolveAsync_AgainWithinFifteenMinutes_ReusesTheProfileWithoutAskingIam()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var resolver = Resolver(sandbox);

        var first = await resolver.ResolveAsync(SandboxFixture.NodeClass, CancellationToken.None);
        var calls = IamCalls(sandbox);
        sandbox.Host.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await resolver.ResolveAsync(SandboxFixture.NodeClass, CancellationToken.None);
        var callsAfterTen = IamCalls(sandbox);
        sandbox.Host.Time.Advance(TimeSpan.FromMinutes(6));
        await resolver.ResolveAsync(SandboxFixture.NodeClass, CancellationToken.None);

        Assert.Equal(first.InstanceProfile, second.InstanceProfile);
        Assert.Equal(3, calls); // Get (not found), Create, AddRole
        Assert.Equal(calls, callsAfterTen);
        Assert.Equal(calls + 1, IamCalls(sandbox)); // Get: it exists and holds the role
    }

    [Fact]
    public async Task ResolveAsync_RoleChanged_SameProfileNowHoldsOnlyTheNewRole()
    {
        await using var sandbox = await SandboxFixture.StartAsync(new Sandbox.Ec2.SandboxEc2Options { Roles = ["NodeRole", "OtherRole"] });
        var resolver = Resolver(sandbox);

        var first = await resolver.ResolveAsync(SandboxFixture.NodeClass, CancellationToken.None);
        var second = await resolver.ResolveAsync(SandboxFixture.NodeClass with { Role = "arn:aws:iam::123456789012:role/OtherRole" }, CancellationToken.None);

        Assert.True(second.IsReady, second.NotReadyReason);
        Assert.Equal(first.InstanceProfile, second.InstanceProfile);
        Assert.Equal("OtherRole", sandbox.Ec2.InstanceProfiles.Single(p => p.Name == second.InstanceProfile).Role);
    }

    [Fact]
    public async Task ResolveAsync_RoleDoesNotExist_NotReadyNamingTheRole()
    {
        await using var sandbox = await SandboxFixture.StartAsync();

        var status = await Resolver(sandbox).ResolveAsync(SandboxFixture.NodeClass with { Role = "Missing" }, CancellationToken.None);

        var condition = status.Conditions.Single(c => c.Type == "InstanceProfileReady");
        Assert.False(status.IsReady);
        Assert.Equal("ResolutionFailed", condition.Reason);
        Assert.StartsWith("instance profile for role \"Missing\": role \"Missing\" does not exist", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchAsync_InstanceProfile_UsedAsItIsWithoutIam()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var spec = SandboxFixture.NodeClass with { Role = null, InstanceProfile = "KarpenterNodeInstanceProfile-demo" };
        sandbox.Host.NodeClasses.Upsert(spec);

        var status = await Resolver(sandbox).ResolveAsync(spec, CancellationToken.None);
        await sandbox.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        Assert.Equal("KarpenterNodeInstanceProfile-demo", status.InstanceProfile);
        Assert.Equal(0, IamCalls(sandbox));
        Assert.Single(sandbox.Ec2.Instances);
    }

    [Fact]
    public async Task LaunchAsync_InstanceProfileThatDoesNotExist_RefusedByEc2AsConfiguration()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        sandbox.Host.NodeClasses.Upsert(SandboxFixture.NodeClass with { Role = null, InstanceProfile = "nope" });

        var e = await Assert.ThrowsAsync<CapacityException>(() => sandbox.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None));

        Assert.Equal(CapacityErrorKind.Configuration, e.Kind);
        Assert.Contains("Invalid IAM Instance Profile name", e.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Ec2.Instances);
    }

    [Theory]
    [InlineData("NodeRole", "NodeProfile")]
    [InlineData(null, null)]
    public async Task ResolveAsync_NotExactlyOneOfRoleAndInstanceProfile_InvalidSpec(string? role, string? profile)
    {
        await using var sandbox = await SandboxFixture.StartAsync();

        var status = await Resolver(sandbox).ResolveAsync(SandboxFixture.NodeClass with { Role = role, InstanceProfile = profile }, CancellationToken.None);

        var condition = status.Conditions.Single(c => c.Type == "InstanceProfileReady");
        Assert.Equal((false, "InvalidSpec", "exactly one of spec.role and spec.instanceProfile must be set"), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(0, IamCalls(sandbox));
    }

    [Fact]
    public async Task DeleteAllButAsync_ClassGone_RemovesRoleAndDeletesOnlyItsManagedProfile()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var resolver = Resolver(sandbox);
        var kept = await resolver.ResolveAsync(SandboxFixture.NodeClass, CancellationToken.None);
        var gone = await resolver.ResolveAsync(SandboxFixture.NodeClass with { Name = "gone" }, CancellationToken.None);
        var otherCluster = await Resolver(sandbox, sandbox.AddHost("other-cluster")).ResolveAsync(SandboxFixture.NodeClass with { Name = "gone" }, CancellationToken.None);

        var deleted = await sandbox.Host.Get<IManagedInstanceProfiles>().DeleteAllButAsync(new HashSet<string> { "default" }, CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(
            new[] { kept.InstanceProfile, otherCluster.InstanceProfile, "KarpenterNodeInstanceProfile-demo" }.Order(StringComparer.Ordinal),
            sandbox.Ec2.InstanceProfiles.Select(p => p.Name));
        Assert.DoesNotContain(gone.InstanceProfile, sandbox.Ec2.InstanceProfiles.Select(p => p.Name));
    }

    private static IEc2NodeClassResolver Resolver(SandboxFixture sandbox, ProviderHost? host = null) => (host ?? sandbox.Host).Get<IEc2NodeClassResolver>();

    private static long IamCalls(SandboxFixture sandbox) =>
        new[] { "GetInstanceProfile", "CreateInstanceProfile", "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile", "DeleteInstanceProfile", "ListInstanceProfiles" }
            .Sum(a => sandbox.Ec2.CallCounts.GetValueOrDefault(a));
}
