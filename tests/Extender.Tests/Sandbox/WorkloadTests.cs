using System.Globalization;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Sandbox;

public sealed class WorkloadTests
{
    [Fact]
    public void Build_Template_AddsGpuSpreadAntiAffinityAndScheduler()
    {
        var wave = new Wave
        {
            Name = "train",
            Count = 2,
            Template = new PodTemplate
            {
                Cpu = "2",
                Memory = "8Gi",
                Gpu = 1,
                TopologySpread = new TopologySpread { TopologyKey = "topology.kubernetes.io/zone" },
                AntiAffinity = "kubernetes.io/hostname",
                SchedulerName = "ec2-capacity-scheduler",
            },
        };

        var pods = WavePods.Build(wave);

        Assert.Equal(["train-0", "train-1"], pods.Select(p => p.Metadata.Name));
        var spec = pods[0].Spec;
        Assert.Equal("ec2-capacity-scheduler", spec.SchedulerName);
        Assert.Equal(1m, spec.Containers[0].Resources.Requests["nvidia.com/gpu"].ToDecimal());
        Assert.Equal(1m, spec.Containers[0].Resources.Limits["nvidia.com/gpu"].ToDecimal());
        Assert.Equal("topology.kubernetes.io/zone", spec.TopologySpreadConstraints[0].TopologyKey);
        Assert.Equal("train", spec.TopologySpreadConstraints[0].LabelSelector.MatchLabels["app"]);
        Assert.Equal("kubernetes.io/hostname", spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey);
    }

    [Fact]
    public async Task RunAsync_CreatesEachWaveAtItsOffset()
    {
        await using var api = await SandboxApiServer.StartAsync();
        using var client = new k8s.Kubernetes(api.ClientConfiguration());
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-07-01T00:00:00Z", CultureInfo.InvariantCulture));
        var scenario = ScenarioLoader.Parse("waves:\n- name: early\n  count: 3\n  template: {}\n- name: late\n  at: 5s\n  count: 2\n  template: {}\n", "s.yaml");
        var driver = new WorkloadDriver(client, scenario, time);

        var run = driver.RunAsync(CancellationToken.None);
        await SchedulerHarness.UntilAsync(() => Task.FromResult(driver.Created.Count == 3), "the first wave");
        Assert.Equal(3, (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Count);

        time.Advance(TimeSpan.FromSeconds(5));
        await run;

        Assert.Equal(5, driver.Planned);
        Assert.Equal(["default/early-0", "default/early-1", "default/early-2", "default/late-0", "default/late-1"], driver.Created.Select(c => c.Pod));
        Assert.Equal(time.GetUtcNow(), driver.Created[^1].CreatedAt);
    }

    [Fact]
    public async Task ScaleInAsync_BarePodsLoseTheNewest_DeploymentsAreScaled()
    {
        await using var api = await SandboxApiServer.StartAsync();
        using var client = new k8s.Kubernetes(api.ClientConfiguration());
        var scenario = ScenarioLoader.Parse(
            "waves:\n- name: bare\n  count: 3\n  scaleTo: 1\n  template: {}\n- name: web\n  count: 4\n  workload: Deployment\n  scaleTo: 0\n  template: {terminationGracePeriodSeconds: 1}\n- name: kept\n  template: {}\n",
            "s.yaml");
        var driver = new WorkloadDriver(client, scenario, TimeProvider.System);
        await driver.RunAsync(CancellationToken.None);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(4, deployment.Spec.Replicas);
        Assert.Equal(1, deployment.Spec.Template.Spec.TerminationGracePeriodSeconds);

        var removed = await driver.ScaleInAsync(CancellationToken.None);

        Assert.Equal(2 + 4, removed);
        Assert.Equal(["bare-0", "kept-0"], (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);
    }

    [Theory]
    [InlineData(new double[] { }, 0, 0, 0, 0)]
    [InlineData(new double[] { 5 }, 5, 5, 5, 5)]
    [InlineData(new double[] { 4, 1, 3, 2, 10, 6, 7, 8, 9, 5 }, 5, 9, 10, 10)]
    public void Percentiles_Of_UsesNearestRank(double[] values, double p50, double p90, double p99, double max)
    {
        Assert.Equal(new Percentiles(p50, p90, p99, max), Percentiles.Of(values));
    }

    [Fact]
    public void ToJson_WritesTheInterfaceShape()
    {
        var report = new DemoReport
        {
            Scenario = "built-in",
            DurationSeconds = 60,
            Pods = new PodCounts(2, 2, 2, 0),
            DetectionToLaunchMilliseconds = Percentiles.Of([12]),
            PendingToBoundMilliseconds = Percentiles.Of([3100]),
            Nodes = new NodeCounts(1, 0, new Dictionary<string, int> { ["m7i.large"] = 1 }),
            CostPerHour = 0.1008m,
            CloudCalls = new Dictionary<string, long> { ["CreateFleet"] = 1 },
            ExtenderCalls = DemoReport.AllVerbs(new Dictionary<string, long> { ["filter"] = 4 }),
        };

        var json = System.Text.Json.Nodes.JsonNode.Parse(report.ToJson())!.AsObject();

        Assert.Equal(
            ["scenario", "durationSeconds", "pods", "detectionToLaunchMilliseconds", "pendingToBoundMilliseconds", "nodes", "costPerHour", "cloudCalls", "extenderCalls", "errors"],
            json.Select(p => p.Key));
        Assert.Equal(["created", "bound", "boundToReservedNode", "pendingAtEnd"], json["pods"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["p50", "p90", "p99", "max"], json["pendingToBoundMilliseconds"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["launched", "unused", "byInstanceType"], json["nodes"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["bind", "filter", "preempt", "prioritize"], json["extenderCalls"]!.AsObject().Select(p => p.Key));
        Assert.Equal(4, (long)json["extenderCalls"]!["filter"]!);
    }
}
