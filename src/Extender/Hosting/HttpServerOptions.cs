namespace Extender.Hosting;

/// <summary>The plain listener of the extender verbs (section <c>Http</c>); the probes and the HTTPS listener have their own sections.</summary>
internal sealed class HttpServerOptions
{
    public const string Section = "Http";

    /// <summary>
    /// Loopback, and only loopback (validated): kube-scheduler in the same pod calls the verbs on 127.0.0.1 (mode a),
    /// and nothing outside the pod's network namespace can reach them. A scheduler elsewhere uses the HTTPS listener
    /// with a client certificate (<c>Http:Tls</c>, mode b).
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8888;
}
