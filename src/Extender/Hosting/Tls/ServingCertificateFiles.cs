using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Extender.Hosting.Tls;

/// <summary>Reads a PEM certificate (with its chain) and key into something Kestrel can serve.</summary>
internal static class ServingCertificateFiles
{
    public static TlsFiles Read(TlsListenerOptions options) => new(
        ReadText(options.CertificateFile, nameof(TlsListenerOptions.CertificateFile)),
        ReadText(options.KeyFile, nameof(TlsListenerOptions.KeyFile)),
        ReadText(options.ClientCaFile, nameof(TlsListenerOptions.ClientCaFile)));

    /// <exception cref="ServingCertificateException">A file is missing, unreadable, not PEM, or the key does not match.</exception>
    public static LoadedCertificate Load(TlsListenerOptions options) => Load(options, Read(options));

    public static LoadedCertificate Load(TlsListenerOptions options, TlsFiles files)
    {
        var (certificatePem, keyPem, clientCaPem) = files;
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw Problem(nameof(TlsListenerOptions.CertificateFile), options.CertificateFile, $"is not a PEM certificate ({e.Message})", e);
        }

        if (chain.Count == 0)
        {
            throw Problem(nameof(TlsListenerOptions.CertificateFile), options.CertificateFile, "contains no PEM certificate", null);
        }

        X509Certificate2 leaf;
        try
        {
            // The first certificate of the file is the leaf; the key must be its own.
            leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw Problem(nameof(TlsListenerOptions.KeyFile), options.KeyFile, $"is not the PEM private key of {options.CertificateFile} ({e.Message})", e);
        }

        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain.Skip(1))
        {
            intermediates.Add(certificate);
        }

        // offline: the chain is sent as the files give it; no fetching of missing issuers on the serving path.
        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return new LoadedCertificate(context, leaf, ClientRoots(options, clientCaPem), files);
    }

    private static X509Certificate2Collection ClientRoots(TlsListenerOptions options, string pem)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw Problem(nameof(TlsListenerOptions.ClientCaFile), options.ClientCaFile, $"is not a PEM certificate ({e.Message})", e);
        }

        return roots.Count > 0 ? roots : throw Problem(nameof(TlsListenerOptions.ClientCaFile), options.ClientCaFile, "contains no PEM certificate", null);
    }

    private static string ReadText(string path, string key)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(key, path, $"cannot be read ({e.Message})", e);
        }
    }

    private static ServingCertificateException Problem(string key, string path, string problem, Exception? inner) =>
        new($"{TlsListenerOptions.Section}:{key} {path} {problem}", inner);
}
