using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Scheduling;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Sandbox;

/// <summary>The sandbox API server, a fake extender and a scheduler stand-in wired together over real HTTP.</summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private SchedulerHarness(SandboxApiServer api, FakeExtender extender, k8s.Kubernetes client, FakeTimeProvider time)
    {
        Api = api;
        Extender = extender;
        Client = client;
        Time = time;
    }

    public SandboxApiServer Api { get; }

    public FakeExtender Extender { get; }

    public k8s.Kubernetes Client { get; }

    public FakeTimeProvider Time { get; }

    public SandboxScheduler Scheduler { get; private set; } = null!;

    /// <param name="nodes">
    /// Stored before the scheduler starts, so that its first cycle already sees them: its node and pod watches are
    /// independent, as kube-scheduler's informers are, and a node stored after the start may reach the scheduler only
    /// after a pod created later, whose first attempt would then see fewer nodes than the test meant.
    /// </param>
    /// <param name="extender">The extender configuration for the fake extender's URL; filter and prioritize with weight 1 when null.</param>
    /// <param name="prepare">Other objects to store before the scheduler starts, for the same reason as the nodes.</param>
    public static async Task<SchedulerHarness> StartAsync(IReadOnlyList<V1Node> nodes, Func<Uri, ExtenderConfig>? extender = null, Action<SandboxApiServer>? prepare = null)
    {
        var api = await SandboxApiServer.StartAsync();
        foreach (var node in nodes)
        {
            api.Upsert(node);
        }

        prepare?.Invoke(api);

        var fake = await FakeExtender.StartAsync();
        var client = new k8s.Kubernetes(api.ClientConfiguration());
        var harness = new SchedulerHarness(api, fake, client, new FakeTimeProvider(DateTimeOffset.Parse("2026-07-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        var config = extender?.Invoke(fake.Url) ?? new ExtenderConfig
        {
            UrlPrefix = fake.Url,
            FilterVerb = "filter",
            PrioritizeVerb = "prioritize",
            Weight = 1,
            NodeCacheCapable = true,
        };
        harness.Scheduler = SandboxScheduler.Start(client, new SandboxSchedulerOptions { Extenders = [config], Time = harness.Time });
        await harness.Scheduler.WaitForSyncAsync(CancellationToken.None);
        return harness;
    }

    public static V1Node Node(string name, string cpu = "4", string memory = "16Gi") => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new("110") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };

    public static V1Pod Pod(string name, string cpu = "1", string memory = "1Gi") => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "app",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) } },
                },
            ],
        },
    };

    public Task<V1Pod> ReadPodAsync(string name) => Client.CoreV1.ReadNamespacedPodAsync(name, "default");

    /// <summary>Waits, up to a generous real-time limit, for asynchronous HTTP work to show its result.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public Task UntilBoundAsync(string pod) =>
        UntilAsync(async () => !string.IsNullOrEmpty((await ReadPodAsync(pod)).Spec.NodeName), $"{pod} to be bound");

    public async Task<V1PodCondition> UntilUnschedulableAsync(string pod)
    {
        V1PodCondition? found = null;
        await UntilAsync(
            async () => (found = (await ReadPodAsync(pod)).Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False")) is not null,
            $"{pod} to be marked unschedulable");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        Client.Dispose();
        await Extender.DisposeAsync();
        await Api.DisposeAsync();
    }
}
