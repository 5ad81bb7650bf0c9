using System.Net.Security;
using Microsoft.Extensions.Options;

namespace Extender.Hosting.Tls;

/// <summary>
/// The certificate the HTTPS listener serves, swapped in place when its files change. Every TLS handshake reads
/// <see cref="Current"/>, so connections opened after a reload get the new certificate and open ones keep theirs.
/// </summary>
internal sealed partial class ServingCertificate(IOptions<TlsListenerOptions> options, ILogger<ServingCertificate> logger)
{
    private LoadedCertificate? _current;

    public LoadedCertificate Current =>
        Volatile.Read(ref _current) ?? throw new InvalidOperationException("The serving certificate is loaded when the host starts, before the server listens.");

    public ValueTask<SslServerAuthenticationOptions> HandshakeOptions() =>
        ValueTask.FromResult(new SslServerAuthenticationOptions { ServerCertificateContext = Current.Context });

    /// <summary>
    /// Reads the files and serves them if they changed. The first load must succeed; after that a pair that does not
    /// load is logged and the current certificate kept.
    /// </summary>
    /// <exception cref="ServingCertificateException">Nothing is served yet and the files do not load.</exception>
    public void Reload()
    {
        var current = Volatile.Read(ref _current);
        try
        {
            var (certificatePem, keyPem) = ServingCertificateFiles.Read(options.Value);
            if (current?.CameFrom(certificatePem, keyPem) != true)
            {
                var loaded = ServingCertificateFiles.Load(options.Value, certificatePem, keyPem);
                LogLoaded(loaded.Leaf.Subject, loaded.Leaf.Thumbprint, loaded.Leaf.NotAfter);
                Volatile.Write(ref _current, loaded);
            }
        }
        catch (ServingCertificateException e) when (current is not null)
        {
            // A rotation may write the two files one after the other; the next check sees the matching pair.
            LogReloadFailed(e.Message, current.Leaf.Thumbprint);
        }
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Serving certificate {Subject} ({Thumbprint}), valid until {NotAfter}")]
    private partial void LogLoaded(string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Serving certificate not reloaded, still serving {Thumbprint}: {Problem}")]
    private partial void LogReloadFailed(string problem, string thumbprint);
}
