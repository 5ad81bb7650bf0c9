using Extender.Sandbox.Demo;

namespace Extender.Tests.Sandbox;

public sealed class ScenarioLoaderTests
{
    [Fact]
    public void LoadBuiltIn_HasTheDemoRangeWithinBudget()
    {
        var scenario = ScenarioLoader.LoadBuiltIn();

        Assert.Equal("built-in", scenario.Name);
        Assert.Equal(4, scenario.NodePools.Count);
        Assert.InRange(scenario.Waves.Sum(w => w.Count), 150, 250);
        Assert.Contains(scenario.Waves, w => w.Template!.Gpu > 0);
        Assert.Contains(scenario.Waves, w => w.Template!.TopologySpread is not null);
        Assert.Equal(TimeSpan.FromSeconds(30), scenario.Faults.InsufficientCapacity[0].Until);
        Assert.Equal("1", scenario.Waves.Single(w => w.Name == "batch").Template!.Cpu);
    }

    [Fact]
    public void LoadBuiltIn_HasAScaleInOfDeploymentsAndASpotInterruption()
    {
        var scenario = ScenarioLoader.LoadBuiltIn();

        // Consolidation moves pods by evicting them: only a controller brings them back, so every wave on a
        // consolidating pool is a Deployment.
        Assert.Contains(scenario.Waves, w => w.ScaleTo == 0);
        Assert.Contains(scenario.Waves, w => w.ScaleTo > 0);
        Assert.All(scenario.Waves.Where(w => w.Template!.Gpu == 0), w => Assert.True(w.IsDeployment, w.Name));
        Assert.True(scenario.Faults.SpotInterruption!.Notice < TimeSpan.FromMinutes(2));
        Assert.True(scenario.Faults.SpotInterruption.Nodes > 0);
    }

    [Fact]
    public void LoadBuiltIn_HasABufferedAndAnUnbufferedDeploymentToScaleUp()
    {
        var scenario = ScenarioLoader.LoadBuiltIn();

        var buffer = Assert.Single(scenario.CapacityBuffers);
        var scaled = scenario.Waves.Where(w => w.ScaleUpTo is not null).ToList();
        Assert.Equal(2, scaled.Count);
        Assert.Single(scaled, w => CapacityBufferManifests.Covers(buffer, w));
        // The same pods, so that the two figures differ by the buffer alone.
        Assert.Equal((scaled[0].Template!.Cpu, scaled[0].Template!.Memory), (scaled[1].Template!.Cpu, scaled[1].Template!.Memory));
        Assert.Equal(scaled[0].Template!.NodeSelector, scaled[1].Template!.NodeSelector);
        Assert.Equal(scaled[0].ScaleUpTo - scaled[0].Count, scaled[1].ScaleUpTo - scaled[1].Count);
    }

    [Fact]
    public void Parse_CapacityBuffers_KarpentersVersionIsCreatedAsTheServedOne()
    {
        var scenario = ScenarioLoader.Parse(
            "capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1alpha1, kind: CapacityBuffer, metadata: {name: b, namespace: shop}, spec: {scalableRef: {kind: Deployment, name: web}, replicas: 2}}\n"
            + "waves:\n- {name: web, namespace: shop, workload: Deployment, count: 1, scaleUpTo: 3, template: {}}\n",
            "scenario.yaml");

        var buffer = CapacityBufferManifests.ForCreate(Assert.Single(scenario.CapacityBuffers));
        Assert.Equal("autoscaling.x-k8s.io/v1beta1", (string?)buffer["apiVersion"]);
        Assert.Equal("shop", (string?)buffer["metadata"]!["namespace"]);
        Assert.True(CapacityBufferManifests.Covers(buffer, scenario.Waves[0]));
        Assert.Equal(3, scenario.Waves[0].ScaleUpTo);
    }

    [Fact]
    public void Parse_PhaseFields_AreRead()
    {
        var scenario = ScenarioLoader.Parse(
            "faults:\n  spotInterruption: {nodes: 3, notice: 15s}\nwaves:\n- name: web\n  count: 5\n  workload: Deployment\n  scaleTo: 2\n  template: {terminationGracePeriodSeconds: 1}\n",
            "scenario.yaml");

        var wave = Assert.Single(scenario.Waves);
        Assert.True(wave.IsDeployment);
        Assert.Equal(2, wave.ScaleTo);
        Assert.Equal(1, wave.Template!.TerminationGracePeriodSeconds);
        Assert.Equal(new SpotInterruption { Nodes = 3, Notice = TimeSpan.FromSeconds(15) }, scenario.Faults.SpotInterruption);
    }

    [Fact]
    public void Parse_TheReadmeExample_LoadsAsDocumented()
    {
        var readme = File.ReadAllText(Deployment.RepositoryRoot.Combine("README.md"));
        var start = readme.IndexOf("```yaml", readme.IndexOf("**Scenario files**", StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml".Length;
        var example = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var scenario = ScenarioLoader.Parse(example, "README.md");

        Assert.Equal(["wave-1", "web", "gpu-job", "hand-written"], scenario.Waves.Select(w => w.Name));
        Assert.True(scenario.Waves[1].IsDeployment);
        Assert.Equal(5, scenario.Waves[1].ScaleTo);
        Assert.Equal(23, scenario.Waves[1].ScaleUpTo);
        Assert.True(CapacityBufferManifests.Covers(Assert.Single(scenario.CapacityBuffers), scenario.Waves[1]));
        Assert.Equal(1, scenario.Waves[2].Template!.Gpu);
        Assert.Single(scenario.Waves[3].Pods!);
        Assert.Equal(2, scenario.Faults.SpotInterruption!.Nodes);
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(scenario.Faults.InsufficientCapacity).Until);
        Assert.Equal(0.35m, scenario.SpotDiscount);
    }

    [Fact]
    public void Parse_WavesWithoutNames_AreNamedByPosition()
    {
        var scenario = ScenarioLoader.Parse("waves:\n- at: 0s\n  count: 2\n  template: {cpu: 250m}\n- name: api\n  template: {}\n- at: 5s\n  template: {}\n", "scenario.yaml");

        Assert.Equal(["wave-1", "api", "wave-3"], scenario.Waves.Select(w => w.Name));
        Assert.Equal(2, scenario.Waves[0].Count);
    }

    [Theory]
    [InlineData("waves:\n- name: a\n  count: 0\n  template: {}\n", "waves[0] (a).count: must be positive")]
    [InlineData("waves:\n- name: a\n  template:\n    cpu: lots\n", "waves[0] (a).template.cpu: \"lots\" is not a quantity")]
    [InlineData("waves:\n- name: a\n", "waves[0] (a): needs exactly one of template and pods")]
    [InlineData("waves:\n- name: a\n  at: soon\n  template: {}\n", "waves[0].at")]
    [InlineData("bootSecs: 3\n", "bootSecs")]
    [InlineData("bootSeconds: -1\n", "bootSeconds: must not be negative")]
    [InlineData("waves:\n- name: a\n  template: {}\n- name: a\n  template: {}\n", "the name \"a\" is used twice")]
    [InlineData("waves: [\n", "scenario.yaml: line")]
    [InlineData("waves:\n- name: a\n  workload: Job\n  template: {}\n", "waves[0] (a).workload: \"Job\" is not Pod or Deployment")]
    [InlineData("waves:\n- name: a\n  workload: Deployment\n  pods: []\n", "waves[0] (a).workload: a Deployment needs a template, not pods")]
    [InlineData("waves:\n- name: a\n  count: 2\n  scaleTo: 3\n  template: {}\n", "waves[0] (a).scaleTo: must be from 0 to the wave's pod count")]
    [InlineData("faults:\n  spotInterruption: {nodes: 0}\n", "faults.spotInterruption.nodes: must be positive")]
    [InlineData("faults:\n  spotInterruption: {notice: 0s}\n", "faults.spotInterruption.notice: must be positive")]
    [InlineData("waves:\n- name: a\n  count: 2\n  scaleUpTo: 3\n  template: {}\n", "waves[0] (a).scaleUpTo: only a Deployment wave is scaled up")]
    [InlineData("waves:\n- name: a\n  workload: Deployment\n  count: 2\n  scaleUpTo: 2\n  template: {}\n", "waves[0] (a).scaleUpTo: must be more than the wave's count")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).apiVersion: \"autoscaling.x-k8s.io/v1\" is not autoscaling.x-k8s.io/v1beta1 or autoscaling.x-k8s.io/v1alpha1")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: Buffer, metadata: {name: b}, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).kind: \"Buffer\" is not CapacityBuffer")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0].metadata.name: Required value")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: B_1}, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (B_1).metadata.name: Invalid value: \"B_1\": a lowercase RFC 1123 subdomain")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {kind: Deployment, name: web}, replicas: -1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {kind: Deployment, name: web}, replica: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).spec.replica: unknown field")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).spec: exactly one of podTemplateRef or scalableRef must be set")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {podTemplateRef: {name: t}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).spec.podTemplateRef: the demo creates no PodTemplates")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {apiGroup: apps, kind: StatefulSet, name: web}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).spec.scalableRef: only apps/Deployment is served")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {kind: Deployment, name: api}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers[0] (b).spec.scalableRef.name: \"api\" is not a Deployment wave in namespace default")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\nwaves:\n- {name: web, template: {}}\n", "capacityBuffers[0] (b).spec.scalableRef.name: \"web\" is not a Deployment wave in namespace default")]
    [InlineData("capacityBuffers:\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\n- {apiVersion: autoscaling.x-k8s.io/v1beta1, kind: CapacityBuffer, metadata: {name: b}, spec: {scalableRef: {apiGroup: apps, kind: Deployment, name: web}, replicas: 1}}\nwaves:\n- {name: web, workload: Deployment, template: {}}\n", "capacityBuffers: \"default/b\" is named twice")]
    public void Parse_BadInput_NamesTheField(string yaml, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "scenario.yaml"));

        Assert.StartsWith("scenario.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2", 2_000)]
    [InlineData("0.5", 500)]
    public void Parse_WaveOffset_AcceptsGoDurationsAndSeconds(string at, double milliseconds)
    {
        var scenario = ScenarioLoader.Parse($"waves:\n- name: a\n  at: {at}\n  template: {{}}\n", "s.yaml");

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), scenario.Waves[0].At);
    }

    [Fact]
    public void Parse_QuotedNumbers_StayStrings()
    {
        var scenario = ScenarioLoader.Parse("nodePools:\n- spec:\n    limits:\n      cpu: \"1000\"\n    weight: 10\n", "s.yaml");

        var spec = scenario.NodePools[0]["spec"]!;
        Assert.Equal("1000", (string?)spec["limits"]!["cpu"]);
        Assert.Equal(10, (long)spec["weight"]!);
    }
}
