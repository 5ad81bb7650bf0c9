using Prometheus;

namespace Extender.Headroom;

internal static class HeadroomServiceCollectionExtensions
{
    /// <summary>
    /// CapacityBuffers (section <c>Headroom</c>, validated at start): the room they hold, handed to their pods wherever
    /// a new pod takes a slot (<see cref="HeadroomRoom"/>), kept by the controller on every replica, launched and
    /// reported by the leader.
    /// </summary>
    public static IServiceCollection AddHeadroom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HeadroomOptions>().Bind(configuration.GetSection(HeadroomOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new HeadroomMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<HeadroomRoom>();
        services.AddSingleton<BufferResolver>();
        services.AddSingleton<HeadroomHolder>();
        services.AddSingleton<HeadroomStatus>();
        services.AddSingleton<HeadroomPass>();
        services.AddHostedService<HeadroomController>();
        return services;
    }
}
