using System.Text;
using Extender.Core.Cluster;
using Extender.Endpoints.Bind;
using Extender.Hosting;
using Extender.Hosting.Listeners;
using Extender.Provisioning.Detection;
using Extender.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Hosting;

/// <summary>
/// The real host on Kestrel at 127.0.0.1: the verbs and the probes each on a free port (and an HTTPS one for the verbs
/// when the settings enable TLS), with recording fakes behind its ports. <c>bind</c> is enabled when a binder is given.
/// </summary>
internal sealed class ExtenderTestHost : IAsyncDisposable
{
    private WebApplication? _app;

    private ExtenderTestHost()
    {
    }

    /// <summary>The verbs' plain listener.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The probes listener: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>.</summary>
    public HttpClient Probes { get; private set; } = null!;

    public WebApplication App => _app!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>The HTTPS listener's port; 0 when TLS is not enabled.</summary>
    public int HttpsPort { get; private set; }

    public ClusterState Cluster => Services.GetRequiredService<ClusterState>();

    public RecordingUnschedulablePodSink Sink { get; } = new();

    public RecordingPodBinder Binder { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 7, 23, 10, 14, 2, TimeSpan.Zero));

    public static async Task<ExtenderTestHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        bool withBinder = true,
        Action<IServiceCollection>? configure = null)
    {
        var host = new ExtenderTestHost();
        var all = new Dictionary<string, string?>
        {
            ["Http:Port"] = "0",
            ["Http:Probes:Address"] = "127.0.0.1",
            ["Http:Probes:Port"] = "0",
            ["Endpoints:BindEnabled"] = withBinder ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                all.Remove(key);
            }
            else
            {
                all[key] = value;
            }
        }

        host._app = ExtenderHost.Build(all, services =>
        {
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<TimeProvider>(host.Time);
            services.AddSingleton<IUnschedulablePodSink>(host.Sink);
            if (withBinder)
            {
                services.AddSingleton<IPodBinder>(host.Binder);
            }

            configure?.Invoke(services);
        });
        try
        {
            await host._app.StartAsync();
        }
        catch
        {
            await host._app.DisposeAsync();
            throw;
        }

        var addresses = ListenerAddresses.Of(host._app.Services);
        host.Client = new HttpClient { BaseAddress = addresses.Verbs };
        host.Probes = new HttpClient { BaseAddress = addresses.Probes };
        host.HttpsPort = addresses.Tls?.Port ?? 0;
        return host;
    }

    public async Task<(int Status, string Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await SendAsync(path, content);
    }

    public async Task<(int Status, string Body)> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        return await SendAsync(path, content);
    }

    /// <summary>GET from the probes listener.</summary>
    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Probes.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Probes?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<(int Status, string Body)> SendAsync(string path, HttpContent content)
    {
        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
