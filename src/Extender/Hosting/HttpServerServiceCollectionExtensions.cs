using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpServerOptions>>((kestrel, http) => kestrel.Listen(IPAddress.Parse(http.Value.Address), http.Value.Port));
        return services;
    }
}
