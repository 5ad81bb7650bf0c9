namespace Extender.Hosting;

/// <summary>
/// The listener of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> (section <c>Http:Probes</c>), never of the verbs:
/// the kubelet's probes and Prometheus come in on the pod IP.
/// </summary>
internal sealed class ProbesListenerOptions
{
    public const string Section = "Http:Probes";

    public string Address { get; set; } = "0.0.0.0";

    /// <summary>0 picks a free port (tests, the demo).</summary>
    public int Port { get; set; } = 8081;
}
