using System.Net;
using Extender.Core.Cluster;
using Extender.Hosting;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Extender.Tests.Wiring;

/// <summary>
/// The production composition (what <c>run --kubeconfig FILE</c> starts) against the sandbox Kubernetes API and the
/// sandbox EC2 endpoint, through the real KubernetesClient and AWSSDK.EC2 adapters.
/// </summary>
public sealed class SidecarWiringTests : IAsyncLifetime
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"extender-wiring-{Guid.NewGuid():N}.yaml");
    private SandboxApiServer _api = null!;
    private SandboxEc2Server _ec2 = null!;
    private WebApplication _sidecar = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync(0, CancellationToken.None);
        _api.WriteKubeconfig(_kubeconfig);
        _ec2 = await SandboxEc2Server.StartAsync(new SandboxEc2Options(), CancellationToken.None);
        _sidecar = ExtenderHost.BuildSidecar(
            new Dictionary<string, string?>
            {
                ["Http:Address"] = "127.0.0.1",
                ["Http:Port"] = "0",
                ["Kubernetes:Kubeconfig"] = _kubeconfig,
                ["Kubernetes:LeaderElection:LeaseNamespace"] = "default",
                ["Aws:EndpointOverride"] = _ec2.Url.ToString(),
                ["Aws:AccessKeyId"] = "sandbox",
                ["Aws:SecretAccessKey"] = "sandbox",
                ["Aws:ClusterName"] = "sandbox",
            },
            services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        await _sidecar.StartAsync();
        var address = _sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
        await _ec2.DisposeAsync();
        await _api.DisposeAsync();
        File.Delete(_kubeconfig);
    }

    [Fact]
    public async Task BuildSidecar_AgainstSandboxApi_SyncsAndReportsReady()
    {
        Assert.True(await Eventually(async () => (await _http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task BuildSidecar_NodeWrittenToApi_ReachesTheExtenderSnapshot()
    {
        _api.Upsert(new k8s.Models.V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new k8s.Models.V1ObjectMeta { Name = "ip-10-0-0-1" },
            Status = new k8s.Models.V1NodeStatus { Allocatable = new Dictionary<string, k8s.Models.ResourceQuantity> { ["cpu"] = new("4"), ["pods"] = new("110") } },
        });

        var cluster = _sidecar.Services.GetRequiredService<ClusterState>();
        Assert.True(await Eventually(() => Task.FromResult(cluster.Current.FindNode("ip-10-0-0-1") is not null)));
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        // Bounded polling on real HTTP: the condition, not the time it takes, is what is asserted.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
