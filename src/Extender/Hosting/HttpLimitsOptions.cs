namespace Extender.Hosting;

/// <summary>
/// What one caller may hold of the server (section <c>Http:Limits</c>), sized for kube-scheduler's traffic: one
/// scheduling cycle at a time calls <c>filter</c>, <c>prioritize</c> and <c>preempt</c> in turn, each body sent at once
/// from memory; <c>bind</c> runs in the scheduler's parallel binding cycles, at most as many at once as its API client's
/// rate allows. Defaults are in the README's configuration reference.
/// </summary>
internal sealed class HttpLimitsOptions
{
    public const string Section = "Http:Limits";

    /// <summary>
    /// Open connections per listener (Kestrel keeps one count per endpoint): well above the scheduler's idle pool
    /// (Go's transport keeps 25 per host) plus its parallel binds, and low enough that connections that never finish
    /// cannot take the process's memory. Connections beyond it are closed at once.
    /// </summary>
    public int MaxConcurrentConnections { get; set; } = 256;

    /// <summary>
    /// Headers must arrive within this; kube-scheduler sends them in one write. Also bounds how long a connection can
    /// sit open without a request.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longer than the scheduler's idle-connection timeout (90 s in Go's default transport), so the client, not the
    /// server, closes an idle connection and a request is never sent onto one the server has just closed.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A body must keep arriving at this rate after the grace period, or the connection is closed: a 16 MiB body
    /// takes at most about 17 minutes at the floor, and a scheduler on loopback sends it in milliseconds.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 16 * 1024;

    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(2);
}
