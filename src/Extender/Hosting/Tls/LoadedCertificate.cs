using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Extender.Hosting.Tls;

/// <summary>
/// A certificate ready to serve, the CA roots a client certificate must chain to, and the file contents they were made
/// from (to notice when they change).
/// </summary>
internal sealed record LoadedCertificate(SslStreamCertificateContext Context, X509Certificate2 Leaf, X509Certificate2Collection ClientRoots, TlsFiles Files)
{
    public bool CameFrom(TlsFiles files) => Files == files;
}
