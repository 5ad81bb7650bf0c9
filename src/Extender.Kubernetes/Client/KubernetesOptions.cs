using System.ComponentModel.DataAnnotations;

namespace Extender.Kubernetes.Client;

/// <summary>How to reach the API server and how hard to use it. Section <c>Kubernetes</c>.</summary>
public sealed class KubernetesOptions
{
    public const string Section = "Kubernetes";

    /// <summary>A kubeconfig file. Empty: in-cluster credentials when running in a pod, else <c>KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>A kubeconfig context; empty for the file's current context.</summary>
    public string? Context { get; set; }

    /// <summary>
    /// One client, rate limit and set of connections per purpose (<see cref="KubernetesLane"/>), so that bulk traffic
    /// in one (a burst's bindings) never queues another (the NodeClaims that buy their capacity, the lease renewal).
    /// </summary>
    public KubernetesLanesOptions Lanes { get; set; } = new();

    /// <summary>Timeout of each non-watch request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Objects per list page during the initial sync and every re-list.</summary>
    [Range(1, 10_000)]
    public int ListPageSize { get; set; } = 500;

    /// <summary>
    /// First retry delay after a failed list or watch, a 410 Gone or a watch that closed at once; doubles per retry in
    /// a row up to <see cref="MaxBackoff"/>, jittered to half of it at least.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The backoff goes back to <see cref="InitialBackoff"/> only after this long without a retry (client-go's
    /// reflector: 2 minutes). A successful list does not reset it, so a watch that always fails re-lists at most once
    /// per step.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A watch is resumed no sooner than this after it opened; one that closed sooner with no event (client-go's "very
    /// short watch", 1 s) also counts as a failure and backs off, watching again from the same resourceVersion.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MinWatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Server-side timeout asked for each watch; the watch is then resumed from its last resourceVersion.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
