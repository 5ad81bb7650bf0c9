using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Extender.Tests.Wiring;

/// <summary>
/// A throw-away CA and the serving and client certificates it signs, as cert-manager's CA issuer would make them for
/// manifests-mode-b (the extender's serving certificate and kube-scheduler's client certificate).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    /// <summary>The name kube-scheduler dials and checks (urlPrefix host and tlsConfig.serverName in mode b).</summary>
    public const string ServiceName = "ec2-capacity-extender.ec2-capacity-system.svc";

    private readonly ECDsa _authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private int _serial;

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=ec2-capacity-extender-ca", _authorityKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Authority { get; }

    /// <summary>Issues a serving certificate for <see cref="ServiceName"/> and writes it as tls.crt (leaf, then the CA) and tls.key.</summary>
    public X509Certificate2 IssueTo(string certificateFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ServiceName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServiceName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30), serial);
        File.WriteAllText(certificateFile, issued.ExportCertificatePem() + "\n" + Authority.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }

    /// <summary>A client certificate for kube-scheduler's <c>tlsConfig.certFile</c>/<c>keyFile</c>, with its private key.</summary>
    public X509Certificate2 IssueClient(string commonName = "system:kube-scheduler")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so the key is usable for a TLS handshake on every platform (an ephemeral key is not on Windows).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the CA as <c>ca.crt</c> is written into the Secrets cert-manager's CA issuer fills.</summary>
    public void WriteAuthority(string path) => File.WriteAllText(path, Authority.ExportCertificatePem() + "\n");

    public void Dispose()
    {
        Authority.Dispose();
        _authorityKey.Dispose();
    }
}
