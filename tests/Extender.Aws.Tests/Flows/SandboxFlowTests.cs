using Extender.Aws.LaunchTemplates;
using Extender.Aws.Tests.Support;
using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Interruption;
using Extender.Core.Resources;
using Extender.Sandbox.Ec2;

namespace Extender.Aws.Tests.Flows;

public sealed class SandboxFlowTests
{
    private static readonly LaunchOption[] Options =
    [
        new("c5.large", "us-east-1a", CapacityTypes.OnDemand, 0.085m),
        new("c5.large", "us-east-1b", CapacityTypes.OnDemand, 0.085m),
        new("m5.large", "us-east-1a", CapacityTypes.OnDemand, 0.096m),
    ];

    [Fact]
    public async Task LaunchListTerminate_OneClaim_InstanceLivesThenIsGone()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var started = new List<SandboxInstance>();
        var terminated = new List<SandboxInstance>();
        sandbox.Ec2.InstanceStarted += (_, i) => started.Add(i);
        sandbox.Ec2.InstanceTerminated += (_, i) => terminated.Add(i);
        var provider = sandbox.Host.Provider;

        var launched = await provider.LaunchAsync(Requests.Launch(options: Options), CancellationToken.None);
        var owned = await provider.ListOwnedInstancesAsync(CancellationToken.None);
        await provider.TerminateAsync(launched.ProviderId, CancellationToken.None);
        await provider.TerminateAsync(launched.ProviderId, CancellationToken.None);
        var afterTerminate = await provider.ListOwnedInstancesAsync(CancellationToken.None);

        Assert.Equal(("c5.large", "us-east-1a", 0.085m), (launched.InstanceType, launched.Zone, launched.PricePerHour));
        var own = Assert.Single(owned);
        Assert.Equal((launched.InstanceId, launched.ProviderId, "claim-1", "default", "running"), (own.InstanceId, own.ProviderId, own.NodeClaimName, own.NodePool, own.State));
        Assert.Empty(afterTerminate);
        Assert.Equal(launched.InstanceId, Assert.Single(started).InstanceId);
        Assert.Equal(launched.InstanceId, Assert.Single(terminated).InstanceId);
        Assert.Equal("test-cluster", started[0].Tags["provisioning.extender.io/cluster"]);
    }

    [Fact]
    public async Task LaunchAsync_SameClientTokenTwice_BuysOneInstance()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var provider = sandbox.Host.Provider;

        var first = await provider.LaunchAsync(Requests.Launch("claim-1", "claim-1-uid-1", Options), CancellationToken.None);
        var second = await provider.LaunchAsync(Requests.Launch("claim-1", "claim-1-uid-1", Options), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(sandbox.Ec2.Instances);
        Assert.Equal(2, sandbox.Ec2.CallCounts["CreateFleet"]);
    }

    [Fact]
    public async Task LaunchAsync_CheapestOfferingOutOfCapacity_LaunchesNextAndMarksOfferingUnavailable()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        sandbox.Ec2.Faults.InsufficientCapacity("c5.large", "us-east-1a", CapacityTypes.OnDemand, TimeSpan.FromHours(1));
        var provider = sandbox.Host.Provider;

        var launched = await provider.LaunchAsync(Requests.Launch(options: Options), CancellationToken.None);
        var catalog = await provider.GetInstanceTypesAsync(CancellationToken.None);

        Assert.Equal(("c5.large", "us-east-1b"), (launched.InstanceType, launched.Zone));
        var c5 = catalog.Single(t => t.Name == "c5.large");
        Assert.False(c5.Offerings.Single(o => o is { Zone: "us-east-1a", CapacityType: CapacityTypes.OnDemand }).Available);
        Assert.True(c5.Offerings.Single(o => o is { Zone: "us-east-1b", CapacityType: CapacityTypes.OnDemand }).Available);
    }

    [Fact]
    public async Task LaunchAsync_EveryOptionOutOfCapacity_ThrowsInsufficientCapacityNamingThem()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        sandbox.Ec2.Faults.InsufficientCapacity("c5.large", null, CapacityTypes.OnDemand, TimeSpan.FromHours(1));
        sandbox.Ec2.Faults.InsufficientCapacity("m5.large", null, CapacityTypes.OnDemand, TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<CapacityException>(() => sandbox.Host.Provider.LaunchAsync(Requests.Launch(options: Options), CancellationToken.None));

        Assert.Equal(CapacityErrorKind.InsufficientCapacity, ex.Kind);
        Assert.Equal(Options.Select(o => new UnavailableOffering(o.InstanceType, o.Zone, o.CapacityType)).OrderBy(o => o.ToString()), ex.UnavailableOfferings.OrderBy(o => o.ToString()));
        Assert.Empty(sandbox.Ec2.Instances);
    }

    [Fact]
    public async Task ListOwnedInstancesAsync_Throttled_BacksOffThenSucceeds()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        sandbox.Ec2.Faults.ThrottleNext(2);

        var task = sandbox.Host.Provider.ListOwnedInstancesAsync(CancellationToken.None);
        while (!task.IsCompleted)
        {
            // The backoff waits on the fake clock; the HTTP round trips are real, so let them land between steps.
            sandbox.Host.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(task, Task.Delay(5));
        }

        Assert.Empty(await task);
        Assert.Equal(3, sandbox.Ec2.CallCounts["DescribeInstances"]);
    }

    [Fact]
    public async Task ListOwnedInstancesAsync_LeakedInstanceOfThisCluster_IsFoundAndOthersAreNot()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var other = sandbox.AddHost("other-cluster");
        var leaked = await sandbox.Host.Provider.LaunchAsync(Requests.Launch("lost-claim", "lost-claim-uid", Options), CancellationToken.None);
        await other.Provider.LaunchAsync(Requests.Launch("foreign", "foreign-uid", Options), CancellationToken.None);

        var owned = await sandbox.Host.Provider.ListOwnedInstancesAsync(CancellationToken.None);

        Assert.Equal((leaked.InstanceId, "lost-claim"), Assert.Single(owned) is var o ? (o.InstanceId, o.NodeClaimName) : default);
    }

    [Fact]
    public async Task LaunchAsync_LaunchTemplateDeletedBehindOurBack_RecreatesItAndLaunches()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var provider = sandbox.Host.Provider;
        await provider.LaunchAsync(Requests.Launch("claim-1", "t1", Options), CancellationToken.None);
        Assert.True(sandbox.Ec2.DeleteLaunchTemplate(Assert.Single(sandbox.Ec2.LaunchTemplateNames)));

        var second = await provider.LaunchAsync(Requests.Launch("claim-2", "t2", Options), CancellationToken.None);

        Assert.StartsWith("i-", second.InstanceId, StringComparison.Ordinal);
        Assert.Single(sandbox.Ec2.LaunchTemplateNames);
        Assert.Equal(2, sandbox.Ec2.CallCounts["CreateLaunchTemplate"]);
    }

    [Fact]
    public async Task DeleteStaleAsync_TemplateIdlePastTtl_DeletesIt()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        await sandbox.Host.Provider.LaunchAsync(Requests.Launch(options: Options), CancellationToken.None);
        var store = sandbox.Host.Get<LaunchTemplateStore>();

        var keptWhileFresh = await store.DeleteStaleAsync(CancellationToken.None);
        sandbox.Host.Time.Advance(TimeSpan.FromHours(25));
        var deletedWhenIdle = await store.DeleteStaleAsync(CancellationToken.None);

        Assert.Equal((0, 1), (keptWhileFresh, deletedWhenIdle));
        Assert.Empty(sandbox.Ec2.LaunchTemplateNames);
    }

    [Fact]
    public async Task GetInstanceTypesAsync_250TypesOverPages_ReadsEveryPage()
    {
        await using var sandbox = await SandboxFixture.StartAsync(new SandboxEc2Options { InstanceTypes = SandboxInstanceTypes.Synthetic(250) });

        var types = await sandbox.Host.Provider.GetInstanceTypesAsync(CancellationToken.None);

        Assert.Equal(3, sandbox.Ec2.CallCounts["DescribeInstanceTypes"]);
        Assert.Equal(250, types.Count);
    }

    [Fact]
    public async Task GetInstanceTypesAsync_SandboxCatalog_HasAllocatableZonesAndBothCapacityTypes()
    {
        await using var sandbox = await SandboxFixture.StartAsync();

        var m5 = (await sandbox.Host.Provider.GetInstanceTypesAsync(CancellationToken.None)).Single(t => t.Name == "m5.large");

        Assert.Equal(Quantity.ParseMilli("6903Mi"), m5.Allocatable[ResourceNames.Memory]);
        Assert.Equal(29_000, m5.Allocatable[ResourceNames.Pods]);
        Assert.Equal(Quantity.ParseMilli("7577Mi"), m5.Capacity![ResourceNames.Memory]);
        Assert.Equal(2_000, m5.Capacity[ResourceNames.Cpu]);
        Assert.Equal("us-east-1", m5.Labels[WellKnownLabels.Region]);
        Assert.Equal("amd64", m5.Architecture);
        Assert.Equal(
            ["us-east-1a/on-demand/0.096", "us-east-1a/spot/0.0336", "us-east-1b/on-demand/0.096", "us-east-1b/spot/0.0336", "us-east-1c/on-demand/0.096", "us-east-1c/spot/0.0336"],
            m5.Offerings.Select(o => $"{o.Zone}/{o.CapacityType}/{o.PricePerHour}"));
    }

    /// <summary>
    /// DescribeInstanceStatus as the status check asks it: only running instances failing the instance or the system
    /// check come back, with the checks they fail; healthy and terminated ones do not.
    /// </summary>
    [Fact]
    public async Task ListImpaired_OnlyRunningInstancesFailingACheck()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var provider = sandbox.Host.Provider;
        var launched = new List<LaunchedInstance>();
        for (var i = 0; i < 4; i++)
        {
            launched.Add(await provider.LaunchAsync(Requests.Launch($"claim-{i}", $"claim-{i}-uid", Options), CancellationToken.None));
        }

        var ids = launched.Select(l => l.InstanceId).ToList();

        sandbox.Ec2.Impair(ids[0]);
        sandbox.Ec2.Impair(ids[1], system: true);
        sandbox.Ec2.Impair(ids[2], system: true);
        await provider.TerminateAsync(launched[2].ProviderId, CancellationToken.None);

        var impaired = await sandbox.Host.Get<IInstanceStatusSource>().ListImpairedAsync(CancellationToken.None);

        Assert.Equal(
            new[] { (ids[0], "instance"), (ids[1], "system") }.OrderBy(x => x.Item1, StringComparer.Ordinal),
            impaired.Select(i => (i.InstanceId, i.Check)));
        sandbox.Ec2.Impair(ids[0], impaired: false);
        Assert.Equal([ids[1]], (await sandbox.Host.Get<IInstanceStatusSource>().ListImpairedAsync(CancellationToken.None)).Select(i => i.InstanceId));
    }
}
