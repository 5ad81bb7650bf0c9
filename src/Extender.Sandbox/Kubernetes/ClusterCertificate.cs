using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// The sandbox cluster's self-signed CA and, when the server speaks HTTPS, the serving certificate it signs for
/// 127.0.0.1 and localhost. A node's NodeConfig names this CA (a wrong or empty one can be told apart), and clients trust
/// it from the kubeconfig's <c>certificate-authority-data</c>, as with a real cluster. Over HTTPS kubectl sends its bearer
/// token (it never sends one over plain HTTP), so the requests it makes are authenticated and authorized like anyone's.
/// </summary>
internal sealed class ClusterCertificate : IDisposable
{
    private readonly X509Certificate2 _authority;

    private ClusterCertificate(X509Certificate2 authority) => _authority = authority;

    /// <summary>The CA as EKS reports it: base64 of the PEM certificate.</summary>
    public string AuthorityData => Convert.ToBase64String(Encoding.ASCII.GetBytes(_authority.ExportCertificatePem()));

    /// <summary>The CA certificate alone (no key), for a client to trust.</summary>
    public X509Certificate2 Authority => X509CertificateLoader.LoadCertificate(_authority.RawData);

    public static ClusterCertificate NewAuthority(string clusterName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=kubernetes,O={clusterName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return new ClusterCertificate(request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10)));
    }

    /// <summary>A serving certificate for the API server on loopback, signed by this CA, with its private key.</summary>
    public X509Certificate2 NewServingCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        using var signed = request.Create(_authority, now.AddMinutes(-5), now.AddYears(1), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        // Kestrel on Linux wants a certificate whose key it can use from any handle: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => _authority.Dispose();
}
