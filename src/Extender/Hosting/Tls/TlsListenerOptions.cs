namespace Extender.Hosting.Tls;

/// <summary>
/// The optional HTTPS listener of the verbs (section <c>Http:Tls</c>), for a kube-scheduler that calls the extender
/// through its Service (mode b). It requires a client certificate that chains to <see cref="ClientCaFile"/>: a caller
/// without one is refused in the TLS handshake, before any request is read.
/// </summary>
internal sealed class TlsListenerOptions
{
    public const string Section = "Http:Tls";

    public bool Enabled { get; set; }

    /// <summary>Any address: the scheduler comes in through the Service, from the control-plane nodes.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8443;

    /// <summary>PEM certificate, optionally followed by its intermediates (a kubernetes.io/tls Secret's <c>tls.crt</c>).</summary>
    public string CertificateFile { get; set; } = "/etc/ec2-capacity-extender/tls/tls.crt";

    /// <summary>PEM private key (PKCS#8, PKCS#1 or SEC1) of the certificate.</summary>
    public string KeyFile { get; set; } = "/etc/ec2-capacity-extender/tls/tls.key";

    /// <summary>
    /// PEM certificate(s) of the CA that signs kube-scheduler's client certificate (its <c>tlsConfig.certFile</c>); the
    /// only roots a client certificate may chain to. By default the <c>ca.crt</c> of the serving certificate's Secret:
    /// in manifests-mode-b one private CA issues both, and nothing else.
    /// </summary>
    public string ClientCaFile { get; set; } = "/etc/ec2-capacity-extender/tls/ca.crt";

    /// <summary>
    /// How often the files are read again: a renewed certificate is served from the next check on, without a restart.
    /// Polled rather than watched because a mounted Secret changes by swapping a symlink, which file watchers miss.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(1);
}
