using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Extender.Metrics;

internal static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// One registry per host rather than prometheus-net's static default, so hosts built side by side (tests) do not
    /// share counters; the process and runtime collectors are registered on it so production loses nothing.
    /// </summary>
    public static IServiceCollection AddExtenderMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.TryAddSingleton<IMetricFactory>(sp => Prometheus.Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton<ExtenderRequestMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapExtenderMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>());
        return endpoints;
    }
}
