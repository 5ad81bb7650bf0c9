using Extender.Disruption.Termination;
using Prometheus;

namespace Extender.Disruption;

/// <summary>
/// Registers voluntary disruption: node termination (drain, then terminate) that the claim lifecycle runs. The host
/// provides the ports (<see cref="Ports"/>).
/// </summary>
internal static class DisruptionServiceCollectionExtensions
{
    public static IServiceCollection AddDisruption(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DisruptionMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<EvictionBackoff>();
        services.AddSingleton<NodeDrainer>();
        services.AddSingleton<NodeTermination>();
        return services;
    }
}
