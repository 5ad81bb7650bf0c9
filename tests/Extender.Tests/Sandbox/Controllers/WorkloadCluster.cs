using Extender.Sandbox.Controllers;
using Extender.Sandbox.Kubelet;
using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>
/// The sandbox API server with the workload controllers and the kubelet's pod half, and nodes created directly; the
/// test plays the scheduler by binding pods itself, so that nothing but the controllers decides what exists.
/// </summary>
internal sealed class WorkloadCluster : IAsyncDisposable
{
    private WorkloadCluster(SandboxApiServer api, k8s.Kubernetes client, SandboxControllers controllers, SimulatedPods pods)
    {
        Api = api;
        Client = client;
        Controllers = controllers;
        Pods = pods;
    }

    public SandboxApiServer Api { get; }

    public k8s.Kubernetes Client { get; }

    public SandboxControllers Controllers { get; }

    public SimulatedPods Pods { get; }

    public static async Task<WorkloadCluster> StartAsync(TimeProvider? time = null)
    {
        var api = await SandboxApiServer.StartAsync();
        var client = new k8s.Kubernetes(api.ClientConfiguration());
        await client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "node-a" },
            Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.1.2.3" }] },
        });
        var controllers = SandboxControllers.Start(client, new SandboxControllersOptions { Time = time ?? TimeProvider.System });
        var pods = SimulatedPods.Start(client, new SimulatedKubeletOptions { Cluster = api.Cluster, Time = time ?? TimeProvider.System });
        await controllers.WaitForSyncAsync(CancellationToken.None);
        await pods.WaitForSyncAsync(CancellationToken.None);
        return new WorkloadCluster(api, client, controllers, pods);
    }

    public static V1Deployment Deployment(string name, int replicas, string? strategy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Strategy = strategy is null ? null : new V1DeploymentStrategy { Type = strategy },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }] },
            },
        },
    };

    /// <summary>The app's pods that are not being deleted: a deleted pod bound to a node stays, Terminating, for its grace period.</summary>
    public async Task<IList<V1Pod>> PodsAsync(string app) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=" + app)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    /// <summary>Binds every unbound pod to node-a, as a scheduler would.</summary>
    public async Task BindAllAsync(string app)
    {
        foreach (var pod in (await PodsAsync(app)).Where(p => string.IsNullOrEmpty(p.Spec.NodeName)))
        {
            await Client.CoreV1.CreateNamespacedPodBindingAsync(
                new V1Binding { Metadata = new V1ObjectMeta { Name = pod.Metadata.Name }, Target = new V1ObjectReference { Kind = "Node", Name = "node-a" } },
                pod.Metadata.Name,
                "default");
        }
    }

    public async Task<bool> AllRunningAsync(string app, int count) =>
        await PodsAsync(app) is var pods && pods.Count == count && pods.All(p => p.Status?.Phase == "Running");

    public async ValueTask DisposeAsync()
    {
        await Controllers.DisposeAsync();
        await Pods.DisposeAsync();
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
