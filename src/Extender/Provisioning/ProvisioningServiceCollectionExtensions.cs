using Extender.Core.Reservations;
using Extender.Disruption;
using Extender.Provisioning.Availability;
using Extender.Provisioning.Batching;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Lifecycle;
using Extender.Provisioning.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Extender.Provisioning;

/// <summary>
/// Registers the provisioning pipeline. The host provides the ports (<see cref="Ports"/>), the
/// <see cref="Core.Capacity.ICapacityProvider"/> and the <see cref="Core.Cluster.ClusterState"/>; the pod and node
/// watches call <see cref="PodWatchSource"/> and <see cref="NodeWatchSource"/>.
/// </summary>
internal static class ProvisioningServiceCollectionExtensions
{
    public static IServiceCollection AddProvisioner(this IServiceCollection services, IConfiguration configuration)
    {
        AddOptions<DetectionOptions>(services, configuration, DetectionOptions.Section);
        AddOptions<BatchingOptions>(services, configuration, BatchingOptions.Section);
        AddOptions<AvailabilityOptions>(services, configuration, AvailabilityOptions.Section);
        AddOptions<ProvisionerOptions>(services, configuration, ProvisionerOptions.Section);
        AddOptions<LifecycleOptions>(services, configuration, LifecycleOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Prometheus.Metrics.DefaultRegistry);
        services.TryAddSingleton<ReservationLedger>();

        services.AddSingleton<PendingPodChannel>();
        services.AddSingleton<IUnschedulablePodSink>(sp => sp.GetRequiredService<PendingPodChannel>());
        services.AddSingleton<PodWatchSource>();
        services.AddSingleton<PendingRescan>();
        services.AddSingleton<LeftToScheduler>();
        services.AddSingleton<ExistingCapacity>();
        services.AddSingleton<LostReservations>();
        services.AddSingleton<Batcher>();
        services.AddSingleton<UnavailableOfferings>();
        services.AddSingleton<ClaimRegistry>();
        services.AddSingleton<ClaimNodes>();
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<RequeueBackoff>();
        services.AddSingleton<ClaimLauncher>();
        services.AddSingleton<InFlightLaunches>();
        services.AddSingleton<LeaderStart>();
        services.AddSingleton<PlanCandidates>();
        services.AddSingleton<BatchProvisioner>();
        services.AddSingleton<LifecycleSignal>();
        services.AddSingleton<NodeWatchSource>();
        services.AddSingleton<PodRequeue>();
        services.AddSingleton<LostCapacity>();
        services.AddSingleton<ClaimLifecycle>();
        services.AddSingleton<GarbageCollector>();
        services.AddSingleton(sp => new ProvisionerMetrics(
            sp.GetRequiredService<CollectorRegistry>(), sp.GetRequiredService<PendingPodChannel>(), sp.GetRequiredService<ReservationLedger>(),
            sp.GetServices<ILaunchObserver>()));
        services.AddHostedService<Provisioner>();
        services.AddHostedService<LifecycleService>();
        services.AddSingleton<ReservationUpkeep>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationUpkeep>());
        services.AddDisruption(configuration);
        return services;
    }

    private static void AddOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
