using Extender.Aws.Interruption;
using Prometheus;

namespace Extender.Interruption;

/// <summary>Registers the interruption queue (section <c>Interruption</c>), the leader's loop that answers it, and the periodic EC2 status check.</summary>
internal static class InterruptionServiceCollectionExtensions
{
    public static IServiceCollection AddInterruption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInterruptionQueue(configuration);
        services.AddSingleton(sp => new InterruptionMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<InterruptionHandler>();
        services.AddHostedService<InterruptionService>();
        services.AddOptions<InstanceStatusOptions>().Bind(configuration.GetSection(InterruptionQueueOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<InstanceStatusService>();
        return services;
    }
}
