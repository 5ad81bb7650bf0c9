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
    /// Sustained client requests per second (watch events are not requests and are not limited). Karpenter's default:
    /// a burst binds one pod per request while the same client writes NodeClaims, and at kube-scheduler's 50 the claims
    /// of the next wave queued behind the bindings of the last.
    /// </summary>
    [Range(0.1, 10_000)]
    public double Qps { get; set; } = 200;

    /// <summary>Requests allowed in a burst above <see cref="Qps"/>.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 300;

    /// <summary>Timeout of each non-watch request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Objects per list page during the initial sync and every re-list.</summary>
    [Range(1, 10_000)]
    public int ListPageSize { get; set; } = 500;

    /// <summary>First retry delay after a failed list or watch; doubles per failure up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side timeout asked for each watch; the watch is then resumed from its last resourceVersion.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
