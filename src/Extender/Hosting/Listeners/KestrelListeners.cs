using System.Net;
using Extender.Endpoints;
using Extender.Hosting.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Extender.Hosting.Listeners;

/// <summary>
/// Kestrel's listeners and limits: the verbs in plain HTTP on loopback, the probes on their own port, and, in mode (b),
/// the verbs over HTTPS with a required client certificate. Each connection is tagged with its listener's kind, which
/// <see cref="ListenerRouting"/> matches against the endpoint.
/// </summary>
internal sealed class KestrelListeners(
    IOptions<HttpServerOptions> http,
    IOptions<ProbesListenerOptions> probes,
    IOptions<TlsListenerOptions> tls,
    IOptions<HttpLimitsOptions> limits,
    IOptions<ExtenderEndpointOptions> endpoints,
    ServingCertificate certificate) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        Limit(options.Limits);
        options.Listen(IPAddress.Parse(http.Value.Address), http.Value.Port, listen => listen.Serve(Listener.Verbs));
        options.Listen(IPAddress.Parse(probes.Value.Address), probes.Value.Port, listen => listen.Serve(Listener.Probes));
        if (tls.Value.Enabled)
        {
            options.Listen(IPAddress.Parse(tls.Value.Address), tls.Value.Port, listen => listen.Serve(Listener.Verbs).UseHttps(MutualTls()));
        }
    }

    /// <summary>
    /// Kestrel's per-connection limits. The connection count is kept per listener (one counter per endpoint), so a
    /// flood on the probes port cannot take the scheduler's connections on the verbs' ports.
    /// </summary>
    private void Limit(KestrelServerLimits kestrel)
    {
        var value = limits.Value;
        kestrel.MaxConcurrentConnections = value.MaxConcurrentConnections;
        kestrel.MaxRequestBodySize = endpoints.Value.MaxRequestBodyBytes;
        kestrel.RequestHeadersTimeout = value.RequestHeadersTimeout;
        kestrel.KeepAliveTimeout = value.KeepAliveTimeout;
        kestrel.MinRequestBodyDataRate = new MinDataRate(value.MinRequestBodyBytesPerSecond, value.MinRequestBodyGracePeriod);
    }

    /// <summary>
    /// Mode (b): a client certificate is required and must chain to the configured client CA, or the handshake fails.
    /// The serving certificate is read per handshake, so a renewed one is served without rebinding the port.
    /// </summary>
    private HttpsConnectionAdapterOptions MutualTls() => new()
    {
        ServerCertificateSelector = (_, _) => certificate.Current.Leaf,
        OnAuthenticate = (_, handshake) => certificate.Serve(handshake),
        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
        ClientCertificateValidation = (client, _, _) => certificate.IsTrustedClient(client),
    };
}
