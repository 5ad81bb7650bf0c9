using Extender.Core.Cluster;
using Extender.Kubernetes.Client;
using Extender.Kubernetes.State;
using Extender.Kubernetes.Watching;
using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Kubernetes.Tests.Watching;

/// <summary>A sandbox API server, a client, and pod and node reflectors feeding a <see cref="ClusterState"/>.</summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    private ClusterHarness(SandboxApiServer api, k8s.Kubernetes client, TimeProvider time)
    {
        Api = api;
        Client = client;
        var options = new KubernetesOptions { ListPageSize = 2, InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(100) };
        Pods = new Reflector<V1Pod>(ListWatchSources.Pods(client), new PodStateSink(State, [], NullLogger<PodStateSink>.Instance), options, time, NullLogger.Instance, new Random(1));
        Nodes = new Reflector<V1Node>(ListWatchSources.Nodes(client), new NodeStateSink(State, [], NullLogger<NodeStateSink>.Instance), options, time, NullLogger.Instance, new Random(2));
    }

    public SandboxApiServer Api { get; }

    public k8s.Kubernetes Client { get; }

    public ClusterState State { get; } = new();

    public Reflector<V1Pod> Pods { get; }

    public Reflector<V1Node> Nodes { get; }

    public static async Task<ClusterHarness> StartAsync(TimeProvider? time = null)
    {
        var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { BookmarkInterval = Timeout.InfiniteTimeSpan });
        return new ClusterHarness(api, new k8s.Kubernetes(api.ClientConfiguration()), time ?? TimeProvider.System);
    }

    public void Run()
    {
        _running.Add(Task.Run(() => Pods.RunAsync(_stop.Token)));
        _running.Add(Task.Run(() => Nodes.RunAsync(_stop.Token)));
    }

    public Task<V1Pod> CreatePodAsync(string name, string? nodeName = null, string cpu = "100m") =>
        Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PodSpec
                {
                    NodeName = nodeName,
                    Containers = [new V1Container { Name = "c", Image = "busybox", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } } }],
                },
            },
            "default");

    public Task<V1Node> CreateNodeAsync(string name) =>
        Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name },
            Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi"), ["pods"] = new("110") } },
        });

    public Pod? Find(V1Pod pod) => State.Current.FindPod(pod.Metadata.Uid);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        Client.Dispose();
        await Api.DisposeAsync();
        _stop.Dispose();
    }
}
