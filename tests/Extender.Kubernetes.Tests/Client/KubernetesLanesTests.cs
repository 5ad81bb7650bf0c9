using System.Diagnostics;
using Extender.Kubernetes.Client;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Hosting;
using Extender.Kubernetes.Tests.Watching;
using Extender.Kubernetes.Writes;
using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Extender.Kubernetes.Tests.Client;

/// <summary>The clients as <c>AddKubernetesState</c> wires them, against the sandbox API server.</summary>
public sealed class KubernetesLanesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int QueuedBindings = 40;
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
    private SandboxApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync();
        _api.WriteKubeconfig(_kubeconfig);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_kubeconfig);
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task CreateNodeClaim_BindingsLaneFlooded_CompletesWithoutWaitingForThem()
    {
        // One binding per second: the queued bindings hold the bindings lane for about 40 s.
        using var host = Build(new()
        {
            ["Kubernetes:Lanes:Bindings:Qps"] = "1",
            ["Kubernetes:Lanes:Bindings:Burst"] = "1",
        });
        using var admin = new k8s.Kubernetes(_api.ClientConfiguration());
        await admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" } });
        var uids = new List<string>();
        for (var i = 0; i < QueuedBindings; i++)
        {
            var pod = await admin.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = $"p{i}" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, "default");
            uids.Add(pod.Metadata.Uid);
        }

        var binder = host.Services.GetRequiredService<IPodBinder>();
        var writer = host.Services.GetRequiredService<INodeClaimWriter>();
        using var stop = new CancellationTokenSource();
        var bindings = Enumerable.Range(0, QueuedBindings).Select(i => binder.BindAsync("default", $"p{i}", uids[i], "n1", stop.Token)).ToList();
        await Eventually.TrueAsync(() => bindings[0].IsCompletedSuccessfully, "the first binding used the lane's only token");

        var elapsed = Stopwatch.StartNew();
        var created = await writer.CreateAsync(
            new NodeClaim { Metadata = new V1ObjectMeta { Name = "claim-1" }, Spec = new NodeClaimSpec { NodePool = "default", NodeClassRef = new NodeClaimNodeClassReference { Name = "default" } } },
            CancellationToken.None);
        elapsed.Stop();
        var stillQueued = bindings.Count(b => !b.IsCompleted);
        output.WriteLine($"NodeClaim created in {elapsed.Elapsed.TotalMilliseconds:F1} ms with {stillQueued} of {QueuedBindings} bindings still queued");

        Assert.Equal("claim-1", created.Metadata.Name);
        Assert.InRange(stillQueued, QueuedBindings - 6, QueuedBindings - 1);

        // In one shared lane the create would have queued behind every binding: about 39 s. 5 s is a wide margin
        // for a loaded machine.
        Assert.InRange(elapsed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await DrainAsync(bindings);
    }

    [Fact]
    public void AddKubernetesState_EveryLane_HasItsOwnClientAndTheUnkeyedOneReads()
    {
        using var host = Build([]);

        var clients = Enum.GetValues<KubernetesLane>().Select(lane => host.Services.GetRequiredKeyedService<IKubernetes>(lane)).ToList();

        Assert.Equal(5, clients.Distinct().Count());
        Assert.Same(host.Services.GetRequiredKeyedService<IKubernetes>(KubernetesLane.Reads), host.Services.GetRequiredService<IKubernetes>());
    }

    [Theory]
    [InlineData(KubernetesLane.Leases, 7, 7)]
    [InlineData(KubernetesLane.Leases, 45, 30)]
    [InlineData(KubernetesLane.Bindings, 7, 30)]
    [InlineData(KubernetesLane.Provisioning, 7, 30)]
    public void RequestTimeout_Lane_OnlyLeaseCallsAreBoundedByTheRenewDeadline(KubernetesLane lane, int renewDeadlineSeconds, int expectedSeconds)
    {
        var timeout = KubernetesClientFactory.RequestTimeout(new KubernetesOptions(), lane, TimeSpan.FromSeconds(renewDeadlineSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), timeout);
    }

    private static async Task DrainAsync(IEnumerable<Task<string?>> bindings)
    {
        foreach (var binding in bindings)
        {
            try
            {
                await binding;
            }
            catch (OperationCanceledException)
            {
                // Still queued when the test ended.
            }
        }
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        settings["Kubernetes:Kubeconfig"] = _kubeconfig;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddKubernetesState(builder.Configuration);
        return builder.Build();
    }
}
