using System.Net;
using Extender.Hosting.Listeners;
using Extender.Hosting.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Extender.Hosting;

internal static class HttpServerServiceCollectionExtensions
{
    public static IServiceCollection AddHttpServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpServerOptions>()
            .Bind(configuration.GetSection(HttpServerOptions.Section))
            .Validate(
                o => IPAddress.TryParse(o.Address, out var address) && IPAddress.IsLoopback(address),
                $"{HttpServerOptions.Section}:Address must be a loopback address (127.0.0.1 or ::1): the plain listener serves the extender verbs to the scheduler in the same pod only; a scheduler elsewhere uses {TlsListenerOptions.Section}")
            .Validate(o => IsPort(o.Port), $"{HttpServerOptions.Section}:Port must be between 0 and 65535")
            .ValidateOnStart();
        services.AddOptions<ProbesListenerOptions>()
            .Bind(configuration.GetSection(ProbesListenerOptions.Section))
            .Validate(o => IPAddress.TryParse(o.Address, out _), $"{ProbesListenerOptions.Section}:Address must be an IP address")
            .Validate(o => IsPort(o.Port), $"{ProbesListenerOptions.Section}:Port must be between 0 and 65535")
            .ValidateOnStart();
        services.AddOptions<HttpLimitsOptions>()
            .Bind(configuration.GetSection(HttpLimitsOptions.Section))
            .Validate(o => o.MaxConcurrentConnections > 0, $"{HttpLimitsOptions.Section}:MaxConcurrentConnections must be positive")
            .Validate(o => o.RequestHeadersTimeout > TimeSpan.Zero, $"{HttpLimitsOptions.Section}:RequestHeadersTimeout must be positive")
            .Validate(o => o.KeepAliveTimeout > TimeSpan.Zero, $"{HttpLimitsOptions.Section}:KeepAliveTimeout must be positive")
            .Validate(o => o.MinRequestBodyBytesPerSecond > 0, $"{HttpLimitsOptions.Section}:MinRequestBodyBytesPerSecond must be positive")
            .Validate(o => o.MinRequestBodyGracePeriod >= TimeSpan.FromSeconds(1), $"{HttpLimitsOptions.Section}:MinRequestBodyGracePeriod must be at least 1 second")
            .ValidateOnStart();
        services.AddOptions<TlsListenerOptions>().Bind(configuration.GetSection(TlsListenerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsListenerOptions>, TlsListenerOptionsValidator>();
        services.AddSingleton<ServingCertificate>();
        services.AddHostedService<ServingCertificateRefresh>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelListeners>();
        return services;
    }

    private static bool IsPort(int port) => port is >= 0 and <= IPEndPoint.MaxPort;
}
