using Extender.Provisioning.Metrics;

namespace Extender.Diagnostics;

internal static class LaunchLogServiceCollectionExtensions
{
    /// <summary>
    /// The launch log, only when <c>Diagnostics:LaunchLog</c> names a file. Register before the provisioner: hosted
    /// services stop in reverse order, and the log must outlive the launches it records.
    /// </summary>
    public static IServiceCollection AddLaunchLog(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(LaunchLogOptions.Section);
        if (string.IsNullOrWhiteSpace(options[nameof(LaunchLogOptions.LaunchLog)]))
        {
            return services;
        }

        services.AddOptions<LaunchLogOptions>().Bind(options);
        services.AddSingleton<LaunchLogWriter>();
        services.AddSingleton<ILaunchObserver>(sp => sp.GetRequiredService<LaunchLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<LaunchLogWriter>());
        return services;
    }
}
