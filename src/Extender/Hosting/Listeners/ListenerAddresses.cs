using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Extender.Hosting.Listeners;

/// <summary>
/// Where a started host listens, by purpose (ports chosen by the system included): Kestrel lists the bound addresses
/// in the order <see cref="HttpServerServiceCollectionExtensions.AddHttpServer"/> declares the listeners.
/// </summary>
internal sealed record ListenerAddresses(Uri Verbs, Uri Probes, Uri? Tls)
{
    public static ListenerAddresses Of(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a.TrimEnd('/') + "/")).ToList()
            ?? throw new InvalidOperationException("the server has not started");
        return new ListenerAddresses(addresses[0], addresses[1], addresses.ElementAtOrDefault(2));
    }
}
