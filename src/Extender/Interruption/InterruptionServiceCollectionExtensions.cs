using Extender.Aws.Interruption;
using Prometheus;

namespace Extender.Interruption;

/// <summary>Registers the interruption queue (section <c>Interruption</c>) and the leader's loop that answers it.</summary>
internal static class InterruptionServiceCollectionExtensions
{
    public static IServiceCollection AddInterruption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInterruptionQueue(configuration);
        services.AddSingleton(sp => new InterruptionMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<InterruptionHandler>();
        services.AddHostedService<InterruptionService>();
        return services;
    }
}
