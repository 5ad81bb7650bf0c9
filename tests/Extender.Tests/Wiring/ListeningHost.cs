using Extender.Hosting;
using Extender.Provisioning.Detection;
using Extender.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Wiring;

/// <summary>
/// The real host on 127.0.0.1 with a fake clock and every listener it opens (plain, and HTTPS when configured);
/// for tests that read both addresses or stop the host themselves.
/// </summary>
internal sealed class ListeningHost : IAsyncDisposable
{
    private ListeningHost(WebApplication app, FakeTimeProvider time, ICollection<string> addresses)
    {
        App = app;
        Time = time;
        Http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        HttpsPort = addresses.Where(a => a.StartsWith("https://", StringComparison.Ordinal)).Select(a => new Uri(a).Port).SingleOrDefault();
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public Uri Http { get; }

    /// <summary>0 when no HTTPS listener is configured.</summary>
    public int HttpsPort { get; }

    public static async Task<ListeningHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 23, 10, 14, 2, TimeSpan.Zero));
        var all = new Dictionary<string, string?>(settings) { ["Http:Address"] = "127.0.0.1", ["Http:Port"] = "0" };
        var app = ExtenderHost.Build(all, services =>
        {
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IUnschedulablePodSink>(new RecordingUnschedulablePodSink());
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ListeningHost(app, time, app.Urls);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
