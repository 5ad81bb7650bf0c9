namespace Extender.NodeClasses;

internal static class NodeClassStatusServiceCollectionExtensions
{
    /// <summary>
    /// EC2NodeClass resolution kept in memory for the planner (<see cref="NodeClassReadiness"/>), and the leader-only
    /// controller that writes EC2NodeClass and NodePool status (section <c>NodeClassStatus</c>, validated at start).
    /// </summary>
    public static IServiceCollection AddNodeClassStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NodeClassStatusOptions>().Bind(configuration.GetSection(NodeClassStatusOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NodeClassReadiness>();
        services.AddSingleton<StatusWrites>();
        services.AddSingleton<LaunchedCapacity>();
        services.AddSingleton<NodeClassStatusUpdater>();
        services.AddSingleton<NodePoolStatusUpdater>();
        services.AddHostedService<NodeClassStatusController>();
        return services;
    }
}
