namespace Extender.Hosting.Listeners;

/// <summary>What a listening port is for; every endpoint is served on the listeners of exactly one kind.</summary>
internal enum Listener
{
    /// <summary>The extender verbs: plain HTTP on loopback (mode a) and the client-certificate HTTPS listener (mode b).</summary>
    Verbs,

    /// <summary><c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> on the pod IP, for the kubelet and Prometheus.</summary>
    Probes,
}
