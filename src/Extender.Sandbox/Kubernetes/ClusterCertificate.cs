using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// A self-signed CA for the sandbox cluster. The sandbox serves plain HTTP, so nothing is signed with it: it exists so
/// that a node's NodeConfig has a real, cluster-specific CA to name, and a wrong or empty one can be told apart.
/// </summary>
internal static class ClusterCertificate
{
    public static string NewAuthority(string clusterName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=kubernetes,O={clusterName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
    }
}
