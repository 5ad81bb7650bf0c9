using Extender.Health;
using Microsoft.Extensions.Options;

namespace Extender.Hosting;

internal static class ShutdownServiceCollectionExtensions
{
    /// <summary>
    /// The stop sequence: readiness off and the drain delay (<see cref="GracefulShutdown"/>); the HTTP server (which
    /// WebApplication starts last, so stops first: no new work); then the hosted services in reverse registration
    /// order, the provisioner before the leader election, so the lease is released only after in-flight launches are
    /// recorded. All within <see cref="ShutdownOptions.Timeout"/>.
    /// </summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero, $"{ShutdownOptions.Section}:Timeout must be positive")
            .Validate(o => o.DrainDelay >= TimeSpan.Zero && o.DrainDelay < o.Timeout, $"{ShutdownOptions.Section}:DrainDelay must be at least 0 and shorter than Timeout")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSingleton<GracefulShutdown>();
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<GracefulShutdown>());
        services.AddHostedService(sp => sp.GetRequiredService<GracefulShutdown>());
        return services;
    }
}
