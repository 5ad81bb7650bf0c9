using Extender.Disruption.Deciding;
using Extender.Disruption.Replacing;
using Extender.Disruption.Termination;
using Prometheus;

namespace Extender.Disruption;

/// <summary>
/// Registers voluntary disruption: the leader's loop that decides (emptiness, expiry, drift, within budgets) and
/// node termination (drain, then terminate) that the claim lifecycle runs. The host provides the ports
/// (<see cref="Ports"/>); options in section <c>Disruption</c>.
/// </summary>
internal static class DisruptionServiceCollectionExtensions
{
    public static IServiceCollection AddDisruption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DisruptionOptions>().Bind(configuration.GetSection(DisruptionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new DisruptionMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<EvictionBackoff>();
        services.AddSingleton<NodeDrainer>();
        services.AddSingleton<NodeTermination>();
        services.AddOptions<ReplacementOptions>().Bind(configuration.GetSection(ReplacementOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReplacementReserver>();
        services.AddSingleton<ReplacementGate>();
        services.AddSingleton<IReplacementPreparation>(sp => sp.GetRequiredService<ReplacementGate>());
        services.AddHostedService<SlotTakenWriter>();
        services.AddSingleton<PodActivity>();
        services.AddSingleton<DisruptionHistory>();
        services.AddSingleton<LaunchedInstances>();
        services.AddSingleton<DriftUpkeep>();
        services.AddSingleton<DriftCheck>();
        services.AddSingleton<DisruptionPass>();
        services.AddSingleton<ConsolidationInputs>();
        services.AddSingleton<ConsolidationPass>();
        services.AddSingleton<DisruptionExecutor>();
        services.AddHostedService<DisruptionService>();
        return services;
    }
}
