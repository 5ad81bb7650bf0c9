using Extender.Hosting;
using Extender.Hosting.Listeners;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Extender.Tests.Wiring;

/// <summary>
/// The production composition (what <c>run --kubeconfig FILE</c> starts) against the sandbox Kubernetes API and the
/// sandbox EC2 endpoint, through the real KubernetesClient and AWSSDK.EC2 adapters, on 127.0.0.1.
/// </summary>
internal sealed class SandboxSidecar : IAsyncDisposable
{
    /// <summary>The namespace the manifests install into: leases live there.</summary>
    public const string Namespace = "ec2-capacity-system";


    private readonly string _kubeconfig;

    private SandboxSidecar(SandboxApiServer api, SandboxEc2Server ec2, WebApplication app, string kubeconfig, HttpClient http, HttpClient probes)
    {
        Probes = probes;
        Api = api;
        Ec2 = ec2;
        App = app;
        _kubeconfig = kubeconfig;
        Http = http;
    }

    public SandboxApiServer Api { get; }

    public SandboxEc2Server Ec2 { get; }

    public WebApplication App { get; }

    /// <summary>The verbs listener.</summary>
    public HttpClient Http { get; }

    /// <summary>The probes listener (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>).</summary>
    public HttpClient Probes { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="settings">Extra configuration, winning over the defaults below.</param>
    /// <param name="prepare">Objects to store before the sidecar starts (a lease someone else holds, say).</param>
    public static async Task<SandboxSidecar> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<SandboxApiServer>? prepare = null)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"extender-sidecar-{Guid.NewGuid():N}.yaml");
        var api = await SandboxApiServer.StartAsync(0, CancellationToken.None);

        // The namespace the install creates (manifests/namespace.yaml): the API refuses objects in one that does not exist.
        api.Upsert(new k8s.Models.V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new k8s.Models.V1ObjectMeta { Name = Namespace } });
        prepare?.Invoke(api);
        api.WriteKubeconfig(kubeconfig);
        var ec2 = await SandboxEc2Server.StartAsync(new SandboxEc2Options(), CancellationToken.None);
        var all = new Dictionary<string, string?>
        {
            ["Http:Port"] = "0",
            ["Http:Probes:Address"] = "127.0.0.1",
            ["Http:Probes:Port"] = "0",
            ["Endpoints:BindEnabled"] = "true",
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            ["Kubernetes:LeaderElection:LeaseNamespace"] = Namespace,
            ["Aws:EndpointOverride"] = ec2.Url.ToString(),
            ["Aws:AccessKeyId"] = "sandbox",
            ["Aws:SecretAccessKey"] = "sandbox",
            ["Aws:Region"] = "us-east-1",
            ["Aws:ClusterName"] = api.Cluster.Name,
            ["Aws:ClusterEndpoint"] = api.Cluster.Endpoint,
            ["Aws:ClusterCertificateAuthority"] = api.Cluster.CertificateAuthority,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = ExtenderHost.BuildSidecar(
            all,
            services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        await app.StartAsync();
        var addresses = ListenerAddresses.Of(app.Services);
        return new SandboxSidecar(api, ec2, app, kubeconfig, new HttpClient { BaseAddress = addresses.Verbs }, new HttpClient { BaseAddress = addresses.Probes });
    }

    /// <summary>Bounded polling on real HTTP and real watches: the condition, not the time it takes, is asserted.</summary>
    public static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Probes.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Ec2.DisposeAsync();
        await Api.DisposeAsync();
        File.Delete(_kubeconfig);
    }
}
