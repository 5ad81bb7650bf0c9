using System.Net;
using Extender.Aws;
using Extender.Core.Cluster;
using Extender.Provisioning.Ports;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Wiring;

public sealed class SidecarWiringTests : IAsyncLifetime
{
    private SandboxSidecar _sidecar = null!;

    public async Task InitializeAsync() => _sidecar = await SandboxSidecar.StartAsync();

    public async Task DisposeAsync() => await _sidecar.DisposeAsync();

    [Fact]
    public async Task BuildSidecar_AgainstSandboxApi_SyncsAndReportsReady()
    {
        Assert.True(await SandboxSidecar.Eventually(async () =>
            (await _sidecar.Probes.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task BuildSidecar_NodeWrittenToApi_ReachesTheExtenderSnapshot()
    {
        _sidecar.Api.Upsert(new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = "ip-10-0-0-1" },
            Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["pods"] = new("110") } },
        });

        var cluster = _sidecar.Services.GetRequiredService<ClusterState>();
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(cluster.Current.FindNode("ip-10-0-0-1") is not null)));
    }

    [Fact]
    public async Task BuildSidecar_NamespaceLabels_ReachTheSnapshotAndFollowARelabel()
    {
        // The namespace selectors of pod affinity terms pick namespaces by these labels, in the filter and the planner.
        V1Namespace Labelled(string team) => new()
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = "payments", Labels = new Dictionary<string, string> { ["team"] = team } },
        };
        var cluster = _sidecar.Services.GetRequiredService<ClusterState>();
        string? Team() => cluster.Current.NamespaceLabels?.GetValueOrDefault("payments")?.GetValueOrDefault("team");

        _sidecar.Api.Upsert(Labelled("a"));
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(Team() == "a")));

        _sidecar.Api.Upsert(Labelled("b"));
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(Team() == "b")));
        Assert.NotNull(cluster.Current.NamespaceLabels?.GetValueOrDefault(SandboxSidecar.Namespace));
    }

    [Fact]
    public async Task BuildSidecar_AwsLeadership_FollowsTheProvisioningLease()
    {
        var aws = _sidecar.Services.GetRequiredService<IAwsLeadership>();
        var provisioning = _sidecar.Services.GetRequiredService<ILeadership>();

        Assert.IsType<Extender.Wiring.ProvisioningAwsLeadership>(aws);
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(provisioning.IsLeader)));
        Assert.True(aws.IsLeader);
    }
}
