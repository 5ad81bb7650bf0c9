namespace Extender.Hosting;

/// <summary>Where the one HTTP port (extender verbs, health, metrics) listens (section <c>Http</c>).</summary>
internal sealed class HttpServerOptions
{
    public const string Section = "Http";

    /// <summary>
    /// Any address by default: kube-scheduler reaches the sidecar on loopback, but the kubelet's probes and
    /// Prometheus come in on the pod IP.
    /// </summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8888;
}
