using System.Net;
using Extender.Hosting.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Extender.Hosting;

internal static class HttpServerServiceCollectionExtensions
{
    public static IServiceCollection AddHttpServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpServerOptions>()
            .Bind(configuration.GetSection(HttpServerOptions.Section))
            .Validate(o => IPAddress.TryParse(o.Address, out _), $"{HttpServerOptions.Section}:Address must be an IP address")
            .Validate(o => o.Port is >= 0 and <= IPEndPoint.MaxPort, $"{HttpServerOptions.Section}:Port must be between 0 and 65535")
            .ValidateOnStart();
        services.AddOptions<TlsListenerOptions>().Bind(configuration.GetSection(TlsListenerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsListenerOptions>, TlsListenerOptionsValidator>();
        services.AddSingleton<ServingCertificate>();
        services.AddHostedService<ServingCertificateRefresh>();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpServerOptions>, IOptions<TlsListenerOptions>, ServingCertificate>((kestrel, http, tls, certificate) =>
            {
                var address = IPAddress.Parse(http.Value.Address);
                kestrel.Listen(address, http.Value.Port);
                if (tls.Value.Enabled)
                {
                    // The certificate is chosen per handshake, so a reloaded one is served without rebinding the port.
                    kestrel.Listen(address, tls.Value.Port, listen => listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => certificate.HandshakeOptions() }));
                }
            });
        return services;
    }
}
