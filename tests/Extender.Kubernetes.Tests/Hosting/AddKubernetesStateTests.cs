using Extender.Core.Cluster;
using Extender.Kubernetes.Hosting;
using Extender.Kubernetes.Leadership;
using Extender.Kubernetes.State;
using Extender.Sandbox.Kubernetes;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Tests.Hosting;

public sealed class AddKubernetesStateTests
{
    [Fact]
    public async Task StartHost_KubeconfigForSandbox_SyncsEveryCacheAndLeads()
    {
        await using var api = await SandboxApiServer.StartAsync();
        api.Upsert(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "n1" } });
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        api.WriteKubeconfig(kubeconfig);
        try
        {
            using var host = Build(new Dictionary<string, string?> { ["Kubernetes:Kubeconfig"] = kubeconfig });

            await host.StartAsync();
            var sync = host.Services.GetRequiredService<IKubernetesSyncStatus>();
            await sync.WhenSyncedAsync(CancellationToken.None);

            Assert.True(sync.IsSynced);
            Assert.Empty(sync.Unsynced);
            Assert.NotNull(host.Services.GetRequiredService<ClusterState>().Current.FindNode("n1"));
            await Watching.Eventually.TrueAsync(() => host.Services.GetRequiredService<ILeaderStatus>().IsLeader, "the only replica leads");
            await host.StopAsync();
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Theory]
    [InlineData("Kubernetes:Kubeconfig", "/nonexistent/kubeconfig", "does not exist")]
    [InlineData("Kubernetes:Lanes:Bindings:Qps", "0", "Kubernetes:Lanes:Bindings:Qps")]
    [InlineData("Kubernetes:Lanes:Leases:Burst", "0", "Kubernetes:Lanes:Leases:Burst")]
    [InlineData("Kubernetes:LeaderElection:RenewDeadline", "00:01:00", "RenewDeadline must be shorter than LeaseDuration")]
    public async Task StartHost_BadOption_FailsNamingIt(string key, string value, string expected)
    {
        await using var api = await SandboxApiServer.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        api.WriteKubeconfig(kubeconfig);
        try
        {
            var settings = new Dictionary<string, string?> { ["Kubernetes:Kubeconfig"] = kubeconfig };
            settings[key] = value;
            using var host = Build(settings);

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddKubernetesState(builder.Configuration);
        return builder.Build();
    }
}
