using Extender.Endpoints.Bind;
using Extender.Endpoints.Filter;
using Extender.Endpoints.Http;
using Extender.Endpoints.Preempt;
using Extender.Endpoints.Prioritize;
using Extender.Endpoints.Warmup;
using Microsoft.Extensions.Options;

namespace Extender.Endpoints;

internal static class ExtenderEndpointsServiceCollectionExtensions
{
    public static IServiceCollection AddExtenderEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExtenderEndpointOptions>()
            .Bind(configuration.GetSection(ExtenderEndpointOptions.Section))
            .Validate(o => o.PathPrefix.StartsWith('/'), $"{ExtenderEndpointOptions.Section}:PathPrefix must start with '/'")
            .Validate(
                o => o.MaxRequestBodyBytes is > 0 and <= ExtenderEndpointOptions.MaxRequestBodyBytesCeiling,
                $"{ExtenderEndpointOptions.Section}:MaxRequestBodyBytes must be between 1 and {ExtenderEndpointOptions.MaxRequestBodyBytesCeiling}")
            .Validate(o => o.BindTimeout > TimeSpan.Zero, $"{ExtenderEndpointOptions.Section}:BindTimeout must be positive")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExtenderEndpointOptions>, BindAdmissionValidator>();
        services.AddSingleton<BindAdmission>();
        services.AddSingleton<ExtenderVerbPipeline>();
        services.AddSingleton<FilterVerb>();
        services.AddSingleton<PrioritizeVerb>();
        services.AddSingleton<PreemptVerb>();
        services.AddSingleton<BindVerb>();
        services.AddHostedService<ExtenderWarmup>();
        return services;
    }

    /// <summary>
    /// Maps the verbs under the configured prefix. <c>bind</c> is mapped only when <c>Endpoints:BindEnabled</c> is set
    /// and an <see cref="IPodBinder"/> is registered: otherwise the scheduler must not be configured with a
    /// <c>bindVerb</c>, and a 404 says so plainly.
    /// </summary>
    public static IEndpointRouteBuilder MapExtenderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<ExtenderEndpointOptions>>().Value;
        var prefix = options.PathPrefix.TrimEnd('/');
        var pipeline = services.GetRequiredService<ExtenderVerbPipeline>();
        var verbs = new List<IExtenderVerb>
        {
            services.GetRequiredService<FilterVerb>(),
            services.GetRequiredService<PrioritizeVerb>(),
            services.GetRequiredService<PreemptVerb>(),
        };
        if (options.BindEnabled && services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IPodBinder)))
        {
            verbs.Add(services.GetRequiredService<BindVerb>());
        }

        foreach (var verb in verbs)
        {
            endpoints.MapPost($"{prefix}/{verb.Name}", context => pipeline.RunAsync(context, verb));
        }

        return endpoints;
    }
}
