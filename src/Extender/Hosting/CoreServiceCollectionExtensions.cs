using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Extender.Hosting;

internal static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The in-memory pictures the request path reads: the cluster the watches feed, and the reservations the
    /// provisioner holds (empty when it does not run).
    /// </summary>
    public static IServiceCollection AddCore(this IServiceCollection services)
    {
        services.TryAddSingleton<ClusterState>();
        services.TryAddSingleton<ReservationLedger>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
