using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Extender.Hosting.Tls;

/// <summary>A certificate ready to serve, and the file contents it was made from (to notice when they change).</summary>
internal sealed record LoadedCertificate(SslStreamCertificateContext Context, X509Certificate2 Leaf, string CertificatePem, string KeyPem)
{
    public bool CameFrom(string certificatePem, string keyPem) =>
        string.Equals(CertificatePem, certificatePem, StringComparison.Ordinal) && string.Equals(KeyPem, keyPem, StringComparison.Ordinal);
}
