using Extender.Core.Cluster;

namespace Extender.Hosting;

internal static class CoreServiceCollectionExtensions
{
    /// <summary>The in-memory cluster picture the watches feed and the request path reads.</summary>
    public static IServiceCollection AddCore(this IServiceCollection services)
    {
        services.AddSingleton<ClusterState>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
