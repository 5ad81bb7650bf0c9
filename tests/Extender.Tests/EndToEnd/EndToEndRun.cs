using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Demo;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Ec2;
using k8s;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// One short scenario through the demo's pieces: sandbox API and EC2, simulated kubelet, scheduler stand-in and the
/// real sidecar over HTTP. Answers from the sandbox servers' own state.
/// </summary>
internal sealed class EndToEndRun : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private EndToEndRun(Scenario scenario, DemoEnvironment environment)
    {
        Scenario = scenario;
        Environment = environment;
    }

    public Scenario Scenario { get; }

    public DemoEnvironment Environment { get; }

    public IReadOnlyList<JsonObject> Pods => Environment.Api.List("v1", "Pod");

    public IReadOnlyList<JsonObject> Nodes => Environment.Api.List("v1", "Node");

    public IReadOnlyList<SandboxInstance> Instances => Environment.Ec2.Instances;

    public decimal LaunchedCostPerHour => StatusSampler.CostPerHour(Environment.Ec2, Instances);

    /// <summary>Starts everything for <paramref name="yaml"/>; <paramref name="prepare"/> runs before the sidecar starts.</summary>
    public static async Task<EndToEndRun> StartAsync(string yaml, Action<DemoEnvironment>? prepare = null)
    {
        var scenario = ScenarioLoader.Parse(yaml, "end-to-end scenario");
        var environment = await DemoEnvironment.StartSandboxAsync(new DemoSettings { Scenario = scenario, Port = 0 }, CancellationToken.None);
        try
        {
            prepare?.Invoke(environment);
            await environment.StartSidecarAsync(0, CancellationToken.None);
            return new EndToEndRun(scenario, environment);
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates every wave of the scenario at its offset.</summary>
    public Task RunWavesAsync() => new WorkloadDriver(Environment.Client, Scenario, TimeProvider.System).RunAsync(CancellationToken.None);

    public async Task CreatePodsAsync(Wave wave)
    {
        foreach (var pod in WavePods.Build(wave))
        {
            await Environment.Client.CoreV1.CreateNamespacedPodAsync(pod, wave.Namespace);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the run's patience is spent.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval);
        }

        return true;
    }

    public Task<bool> AllBoundAsync(int expected) => EventuallyAsync(() => Pods is var pods && pods.Count == expected && pods.All(StatusSampler.IsBound));

    /// <summary>The node of the instance launched for the claim that last took the pod; null when none did.</summary>
    public string? ReservedNodeOf(JsonObject pod)
    {
        if (!Environment.Launches.Pods.TryGetValue(StatusSampler.Uid(pod), out var launch))
        {
            return null;
        }

        return Instances.LastOrDefault(i => i.Tags.TryGetValue(WellKnownLabels.NodeClaim, out var claim) && claim == launch.LastClaim)?.PrivateDnsName;
    }

    public static string NodeOf(JsonObject pod) => (string?)pod["spec"]?["nodeName"] ?? "";

    public static string NameOf(JsonObject pod) => (string?)pod["metadata"]?["name"] ?? "";

    /// <summary>The pods of the scenario as its waves would create them, for planning before they exist.</summary>
    public static IReadOnlyList<JsonObject> Manifests(Scenario scenario) =>
        [.. scenario.Waves.SelectMany(WavePods.Build).Select(p => JsonNode.Parse(KubernetesJson.Serialize(p))!.AsObject())];

    public ValueTask DisposeAsync() => Environment.DisposeAsync();
}
