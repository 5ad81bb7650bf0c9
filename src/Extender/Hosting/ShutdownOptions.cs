namespace Extender.Hosting;

/// <summary>How the process stops on SIGTERM (section <c>Shutdown</c>).</summary>
internal sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// Everything a stop may take: the drain delay, finishing in-flight launches, releasing the lease, closing
    /// connections. Below the pod's terminationGracePeriodSeconds (30 s in manifests/deployment.yaml), so the process
    /// ends by itself before the kubelet kills it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long the server keeps answering after <c>/readyz</c> turned 503, so that the Service stops routing to the
    /// pod (and the scheduler in the same pod stops calling) before connections are refused. None by default (local
    /// runs, the demo); the Deployment sets it.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}
