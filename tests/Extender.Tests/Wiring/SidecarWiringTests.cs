using System.Net;
using Extender.Core.Cluster;
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
            (await _sidecar.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK));
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
}
