using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Demo;
using Extender.Disruption.Ports;
using Extender.Endpoints.Bind;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes.Rbac;
using Extender.Tests.Wiring;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Deployment;

/// <summary>
/// The sidecar's RBAC (manifests/rbac-extender.yaml and rbac-leases.yaml) against the API calls the code really makes:
/// the real adapters run against the sandbox API server, which records every request as the authorizer sees it.
/// Every call must be allowed (by the sandbox's own RBAC evaluator, for the ServiceAccount the manifests bind), and
/// every permission granted must be used: least privilege both ways.
/// </summary>
public sealed class RbacCoverageTests : IAsyncLifetime
{
    private SandboxSidecar _sidecar = null!;

    // The lifecycle loop would rightly delete the bare claim this test writes (it has no offerings to launch), racing
    // the test's own calls; its own API calls are the same verbs the test makes directly.
    public async Task InitializeAsync() => _sidecar = await SandboxSidecar.StartAsync(new Dictionary<string, string?> { ["Provisioner:Lifecycle:Interval"] = "00:10:00" });

    public async Task DisposeAsync() => await _sidecar.DisposeAsync();

    [Fact]
    public async Task Rbac_EveryCallTheAdaptersMake_IsAllowedAndEveryGrantIsUsed()
    {
        await ExerciseEveryWriteAsync();
        var objects = RbacObjects();
        var policy = RbacPolicy.FromObjects(objects);
        var sidecar = UserInfo.ServiceAccount(SandboxSidecar.Namespace, "ec2-capacity-extender");

        var calls = _sidecar.Api.Audit.Distinct().ToList();
        var denied = calls.Select(c => policy.Authorize(sidecar, c)).Where(d => !d.Allowed).Select(d => d.Message).Distinct().ToList();
        Assert.True(denied.Count == 0, "not allowed by RBAC: " + string.Join("; ", denied));

        var grants = objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole")
            .SelectMany(o => o["rules"]!.AsArray().Select(PolicyRule.FromJson))
            .SelectMany(r => r.Grants());
        var unused = grants.Where(g => !calls.Any(g.Allows)).Select(g => g.ToString()).ToList();
        Assert.True(unused.Count == 0, "granted but never used: " + string.Join("; ", unused));
    }

    private async Task ExerciseEveryWriteAsync()
    {
        var services = _sidecar.Services;
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(services.GetRequiredService<ILeadership>().IsLeader)));

        // A new leader reconciles the claims it finds once, before its first batch, and gives up (deletes) an unlaunched
        // claim with nothing to launch: let that happen first, so it cannot take the bare claim this test writes.
        await services.GetRequiredService<LeaderStart>().EnsureAsync(CancellationToken.None);
        _sidecar.Api.Upsert(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "n1" }, Status = new V1NodeStatus() });
        _sidecar.Api.Upsert(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "web-0", NamespaceProperty = "default", Uid = "uid-web-0" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
        });
        var cluster = services.GetRequiredService<ClusterState>();
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(cluster.Current.FindNode("n1") is not null && cluster.Current.FindPod("uid-web-0") is not null)));

        var store = services.GetRequiredService<INodeClaimStore>();
        var pod = new PodReference("default", "web-0", "uid-web-0");
        var claim = await store.CreateAsync(new NodeClaim { Name = "claim-1", NodePool = "default", NodeClass = "default" }, CancellationToken.None);
        await store.UpdateStatusAsync(claim.Name, claim.Status with { InstanceType = "m7i.large" }, CancellationToken.None);
        await store.AddReservedForAsync(claim.Name, [new ReservedPod(pod, ResourceList.Of(("cpu", 500)), DateTimeOffset.UnixEpoch)], CancellationToken.None);
        await store.AnnotateAsync(claim.Name, new Dictionary<string, string> { ["provisioning.extender.io/nodepool-hash-version"] = "v1" }, CancellationToken.None);
        await store.ListAsync(CancellationToken.None);
        await store.DeleteAsync(claim.Name, CancellationToken.None);

        await services.GetRequiredService<INodePatcher>().EnsureLabelsAndTaintsAsync(
            "n1", new Dictionary<string, string> { ["provisioning.extender.io/nodepool"] = "default" }, [new Taint("dedicated", "gpu", "NoSchedule")], CancellationToken.None);
        var binder = services.GetRequiredService<IPodBinder>();
        await binder.BindAsync(new PodBinding("default", "web-0", "uid-web-0", "n1"), CancellationToken.None);
        // A conflict (bound already, or another pod's UID) is reported as the API server words it: nothing is read to
        // tell why, so no get on pods is needed (or granted).
        await Assert.ThrowsAsync<InvalidOperationException>(() => binder.BindAsync(new PodBinding("default", "web-0", "uid-web-0", "n2"), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => binder.BindAsync(new PodBinding("default", "web-0", "uid-of-another-pod", "n1"), CancellationToken.None));

        // The same event twice: the second is sent as a patch of the first one's series.
        var events = services.GetRequiredService<IPodEventRecorder>();
        events.Normal(pod, "CapacityReserved", "held on claim-1");
        // This event's own create (the provisioner may have sent others meanwhile), so that the second is not folded into it.
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(
            _sidecar.Api.List("events.k8s.io/v1", "Event", "default").Any(e => (string?)e["reason"] == "CapacityReserved"))));
        events.Normal(pod, "CapacityReserved", "held on claim-1");
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(_sidecar.Api.Audit.Any(a => a is { Resource: "events", Verb: "patch" }))));

        // The leader writes back what an EC2NodeClass resolved to, and its NodePool's status.
        _sidecar.Api.Upsert(DefaultResources.NodeClass());
        _sidecar.Api.Upsert(DefaultResources.NodePool());
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(
            _sidecar.Api.Audit.Any(a => a is { Resource: "ec2nodeclasses", Subresource: "status", Verb: "update" })
            && _sidecar.Api.Audit.Any(a => a is { Resource: "nodepools", Subresource: "status", Verb: "update" }))));

        // The leader writes each CapacityBuffer's status (this one's template does not exist: not ready).
        _sidecar.Api.Upsert(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "autoscaling.x-k8s.io/v1beta1",
            ["kind"] = "CapacityBuffer",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "web", ["namespace"] = "default" },
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["podTemplateRef"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "missing" }, ["replicas"] = 1 },
        });
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(
            _sidecar.Api.Audit.Any(a => a is { Resource: "capacitybuffers", Subresource: "status", Verb: "update" }))));

        // Termination: the node's finalizer on, its pod evicted (or deleted at the deadline), volumes checked, node released.
        var patcher = services.GetRequiredService<INodePatcher>();
        await patcher.EnsureFinalizerAsync("n1", CancellationToken.None);
        var evictor = services.GetRequiredService<IPodEvictor>();
        Assert.True((await evictor.EvictAsync(pod, CancellationToken.None)).Evicted);
        await evictor.DeleteAsync(pod, CancellationToken.None);
        Assert.Equal(0, await services.GetRequiredService<IVolumeAttachmentSource>().CountAttachedAsync("n1", CancellationToken.None));
        await patcher.ReleaseAsync("n1", CancellationToken.None);

        // The leader renews its lease every retry period (2 s).
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(_sidecar.Api.Audit.Any(a => a is { Resource: "leases", Verb: "update" }))));
    }

    private static List<System.Text.Json.Nodes.JsonObject> RbacObjects() =>
    [
        .. new[] { "rbac-extender.yaml", "rbac-leases.yaml" }
            .SelectMany(f => YamlJson.ParseAll(File.ReadAllText(RepositoryRoot.Combine("manifests", f))))
            .OfType<System.Text.Json.Nodes.JsonObject>(),
    ];
}
