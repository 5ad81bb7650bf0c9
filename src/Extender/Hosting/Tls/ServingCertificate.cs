using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Extender.Hosting.Tls;

/// <summary>
/// The certificate the HTTPS listener serves and the CA its clients must chain to, swapped in place when their files
/// change. Every TLS handshake reads <see cref="Current"/>, so connections opened after a reload get the new
/// certificate and open ones keep theirs.
/// </summary>
internal sealed partial class ServingCertificate(IOptions<TlsListenerOptions> options, ILogger<ServingCertificate> logger)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private LoadedCertificate? _current;

    public LoadedCertificate Current =>
        Volatile.Read(ref _current) ?? throw new InvalidOperationException("The serving certificate is loaded when the host starts, before the server listens.");

    /// <summary>The leaf and the intermediates of the files, for this handshake.</summary>
    public void Serve(SslServerAuthenticationOptions handshake)
    {
        handshake.ServerCertificateSelectionCallback = null;
        handshake.ServerCertificate = null;
        handshake.ServerCertificateContext = Current.Context;
    }

    /// <summary>
    /// Whether a client certificate chains to the configured client CA and is meant for client authentication. The
    /// system's roots play no part: the chain is built against the client CA alone (a custom trust store), so a
    /// certificate from any public or cluster CA is refused. No revocation check: the CA is private and issues
    /// short-lived certificates that cert-manager rotates.
    /// </summary>
    public bool IsTrustedClient(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Current.ClientRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        var trusted = chain.Build(certificate);
        if (!trusted)
        {
            LogClientRefused(certificate.Subject, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        }

        return trusted;
    }

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
            var files = ServingCertificateFiles.Read(options.Value);
            if (current?.CameFrom(files) != true)
            {
                var loaded = ServingCertificateFiles.Load(options.Value, files);
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

    [LoggerMessage(EventId = 1512, Level = LogLevel.Warning, Message = "Refused client certificate {Subject}: {Problem}")]
    private partial void LogClientRefused(string subject, string problem);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Serving certificate not reloaded, still serving {Thumbprint}: {Problem}")]
    private partial void LogReloadFailed(string problem, string thumbprint);
}
