using Extender.Core.Catalog;
using Extender.Demo;
using Extender.Sandbox.Demo;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// Short scenarios through the whole system on one machine. One class, so its environments run one after another.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EndToEndTests
{
    private const string TwoWaves = """
        bootSeconds: 1
        waves:
        - name: web
          at: 0s
          count: 12
          template: { cpu: 500m, memory: 512Mi, schedulerName: ec2-capacity-scheduler }
        - name: batch
          at: 1s
          count: 6
          template: { cpu: "1", memory: 4Gi, schedulerName: ec2-capacity-scheduler }
        """;

    private const string OneBurst = """
        bootSeconds: 1
        waves:
        - name: web
          at: 0s
          count: 20
          template: { cpu: 500m, memory: 1Gi, schedulerName: ec2-capacity-scheduler }
        """;

    // Slow boots keep the claims in flight long enough to act while no node has registered.
    private const string SlowBoot = """
        bootSeconds: 4
        waves:
        - name: web
          at: 0s
          count: 6
          template: { cpu: "1", memory: 1Gi, schedulerName: ec2-capacity-scheduler }
        """;

    [Fact]
    public async Task Demo_TwoWaves_BindsEveryPodToTheNodeReservedForIt()
    {
        await using var run = await EndToEndRun.StartAsync(TwoWaves);
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(18), "not every pod was bound");
        Assert.All(run.Pods, pod => Assert.Equal(run.ReservedNodeOf(pod), EndToEndRun.NodeOf(pod)));
    }

    [Fact]
    public async Task Demo_TwoWaves_LaunchesNoNodeThatGetsNoPod()
    {
        await using var run = await EndToEndRun.StartAsync(TwoWaves);
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(18), "not every pod was bound");
        var used = run.Pods.Select(EndToEndRun.NodeOf).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(run.Instances);
        Assert.All(run.Instances, instance => Assert.Contains(instance.PrivateDnsName, used));
    }

    [Fact]
    public async Task Demo_OneBurst_LaunchedCostEqualsPlan()
    {
        await using var run = await EndToEndRun.StartAsync(OneBurst);
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(20), "not every pod was bound");
        var plan = PlanBaseline.Compute(run.Scenario, run.Pods);
        Assert.Empty(plan.Unschedulable);
        Assert.Equal(plan.TotalPricePerHour, run.LaunchedCostPerHour);
    }

    [Fact]
    public async Task Demo_CheapestTypeOutOfCapacity_RoutesAroundIt()
    {
        var scenario = ScenarioLoader.Parse(OneBurst, "ice");
        var cheapest = PlanBaseline.Compute(scenario, EndToEndRun.Manifests(scenario)).NewNodes
            .MinBy(n => (n.PricePerHour, n.InstanceType))!;
        await using var run = await EndToEndRun.StartAsync(
            OneBurst,
            environment => environment.Ec2.Faults.InsufficientCapacity(cheapest.InstanceType, null, cheapest.CapacityType, TimeSpan.FromMinutes(5)));
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(20), "not every pod was bound");
        Assert.DoesNotContain(run.Instances, i => i.InstanceType == cheapest.InstanceType && i.CapacityType == cheapest.CapacityType);
        Assert.All(run.Pods, pod => Assert.Equal(run.ReservedNodeOf(pod), EndToEndRun.NodeOf(pod)));
    }

    [Fact]
    public async Task Demo_PodCreatedWhileCapacityInFlight_DoesNotTakeTheOwnersCapacity()
    {
        await using var run = await EndToEndRun.StartAsync(SlowBoot);
        await run.RunWavesAsync();
        Assert.True(await EndToEndRun.EventuallyAsync(() => run.Pods.All(p => run.ReservedNodeOf(p) is not null)), "the owners' capacity was not launched");
        var owners = run.Pods.Select(StatusSampler.Uid).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(run.Nodes);
        await run.CreatePodsAsync(new Wave
        {
            Name = "competitor",
            Template = new PodTemplate { Cpu = "1", Memory = "1Gi", SchedulerName = DefaultResources.SchedulerName },
        });

        Assert.True(await run.AllBoundAsync(7), "not every pod was bound");
        var pods = run.Pods;
        Assert.All(pods.Where(p => owners.Contains(StatusSampler.Uid(p))), pod => Assert.Equal(run.ReservedNodeOf(pod), EndToEndRun.NodeOf(pod)));
        var competitor = Assert.Single(pods, p => !owners.Contains(StatusSampler.Uid(p)));
        Assert.Equal(run.ReservedNodeOf(competitor), EndToEndRun.NodeOf(competitor));
    }

    [Fact]
    public async Task Demo_SidecarRestartedWhileClaimsInFlight_LosesNothingAndBuysNothingTwice()
    {
        await using var run = await EndToEndRun.StartAsync(SlowBoot);
        var port = run.Environment.SidecarUrl.Port;
        await run.RunWavesAsync();
        Assert.True(await EndToEndRun.EventuallyAsync(() => run.Pods.All(p => run.ReservedNodeOf(p) is not null)), "the capacity was not launched");

        Assert.Empty(run.Nodes);
        await run.Environment.StopSidecarAsync();
        await run.CreatePodsAsync(new Wave
        {
            Name = "while-down",
            Count = 2,
            Template = new PodTemplate { Cpu = "1", Memory = "1Gi", SchedulerName = DefaultResources.SchedulerName },
        });
        await run.Environment.StartSidecarAsync(port, CancellationToken.None);

        Assert.True(await run.AllBoundAsync(8), "not every pod was bound");
        var claims = run.Environment.Api.List(WellKnownLabels.Group + "/v1alpha1", "NodeClaim");
        var instancesPerClaim = run.Instances
            .GroupBy(i => i.Tags.GetValueOrDefault(WellKnownLabels.NodeClaim, ""), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(
            claims.Select(c => (string)c["metadata"]!["name"]!).Order(StringComparer.Ordinal),
            instancesPerClaim.Keys.Order(StringComparer.Ordinal));
        Assert.All(instancesPerClaim.Values, count => Assert.Equal(1, count));
        var used = run.Pods.Select(EndToEndRun.NodeOf).ToHashSet(StringComparer.Ordinal);
        Assert.All(run.Instances, instance => Assert.Contains(instance.PrivateDnsName, used));
        Assert.All(run.Pods, pod => Assert.Equal(run.ReservedNodeOf(pod), EndToEndRun.NodeOf(pod)));
    }
}
