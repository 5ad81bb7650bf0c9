namespace Extender.Hosting.Tls;

/// <summary>
/// The optional HTTPS listener (section <c>Http:Tls</c>) beside the plain one, for a kube-scheduler that calls the
/// extender through its Service (mode b). Same endpoints as the plain port, on the same address.
/// </summary>
internal sealed class TlsListenerOptions
{
    public const string Section = "Http:Tls";

    public bool Enabled { get; set; }

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8443;

    /// <summary>PEM certificate, optionally followed by its intermediates (a kubernetes.io/tls Secret's <c>tls.crt</c>).</summary>
    public string CertificateFile { get; set; } = "/etc/ec2-capacity-extender/tls/tls.crt";

    /// <summary>PEM private key (PKCS#8, PKCS#1 or SEC1) of the certificate.</summary>
    public string KeyFile { get; set; } = "/etc/ec2-capacity-extender/tls/tls.key";

    /// <summary>
    /// How often the files are read again: a renewed certificate is served from the next check on, without a restart.
    /// Polled rather than watched because a mounted Secret changes by swapping a symlink, which file watchers miss.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(1);
}
