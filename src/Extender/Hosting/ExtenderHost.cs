using Extender.Diagnostics;
using Extender.Endpoints;
using Extender.Health;
using Extender.Hosting.Listeners;
using Extender.Metrics;
using Extender.Wiring;

namespace Extender.Hosting;

/// <summary>The composition root, shared by the <c>run</c> command and the tests.</summary>
internal static class ExtenderHost
{
    /// <summary>Environment variables <c>EXTENDER__SECTION__KEY</c> override appsettings.json.</summary>
    public const string EnvironmentPrefix = "EXTENDER__";

    /// <summary>The production sidecar: extender and provisioner over the Kubernetes API and EC2.</summary>
    /// <param name="settings">Configuration that wins over every other source (command-line flags, the demo, tests).</param>
    /// <param name="overrides">Last word on the services (test fakes).</param>
    public static WebApplication BuildSidecar(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? overrides = null) =>
        Build(settings, (services, configuration) =>
        {
            services.AddLaunchLog(configuration);
            services.AddKubernetesAndAws(configuration);
            overrides?.Invoke(services);
        });

    /// <param name="settings">Configuration that wins over every other source (command-line flags, tests).</param>
    /// <param name="configureServices">Last word on the services (adapters chosen by the command, test fakes).</param>
    public static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<IServiceCollection>? configureServices = null) =>
        Build(settings, (services, _) => configureServices?.Invoke(services));

    private static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<IServiceCollection, IConfiguration> configureServices)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix).AddInMemoryCollection(settings);
        // A failed start is reported by the command as one line with the fix (OperationalFailures); the host's own
        // "Hosting failed to start" error would print it again with a stack trace. A crashed background service is
        // still logged: the host reports it as Critical before it stops.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.Services.AddHttpServer(builder.Configuration);
        builder.Services.AddGracefulShutdown(builder.Configuration);
        builder.Services.AddCore();
        builder.Services.AddExtenderMetrics();
        builder.Services.AddExtenderHealth();
        builder.Services.AddExtenderEndpoints(builder.Configuration);
        configureServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.UseListenerRouting();
        app.ServedOn(Listener.Probes).MapExtenderHealth().MapExtenderMetrics();
        app.ServedOn(Listener.Verbs).MapExtenderEndpoints();
        return app;
    }
}
