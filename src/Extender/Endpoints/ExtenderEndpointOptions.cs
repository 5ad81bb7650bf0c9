namespace Extender.Endpoints;

/// <summary>Options of the extender verbs (section <c>Endpoints</c>).</summary>
internal sealed class ExtenderEndpointOptions
{
    public const string Section = "Endpoints";

    /// <summary>Bodies are read into one pooled array as they arrive; 1 GiB is far above any real request and far below array limits.</summary>
    public const long MaxRequestBodyBytesCeiling = 1L << 30;

    /// <summary>Path the verbs hang under; kube-scheduler's <c>urlPrefix</c> must end with it.</summary>
    public string PathPrefix { get; set; } = "/scheduler";

    /// <summary>
    /// Largest accepted request body; larger ones get 413 (Kestrel's own limit, before a byte is read, when the declared
    /// length is larger). Full-<c>Nodes</c> requests run ~7 KB per node.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Serve <c>bind</c>. Off by default: binding is cluster-wide <c>pods/binding</c> power, wanted only where this
    /// extender is the scheduler's binder (mode a's <c>bindVerb</c>; the Deployment turns it on).
    /// </summary>
    public bool BindEnabled { get; set; }

    /// <summary>
    /// How long <c>bind</c> waits for the API server; below kube-scheduler's default 5 s <c>httpTimeout</c> so the
    /// scheduler hears our error rather than its own timeout.
    /// </summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// <c>bind</c> calls waiting on the API server at once: enough for the bindings lane's rate (200/s) at up to 600 ms
    /// per binding, below the listener's connection limit with the queue.
    /// </summary>
    public int MaxConcurrentBinds { get; set; } = 128;

    /// <summary>
    /// <c>bind</c> calls that may wait for a turn, each until its <see cref="BindTimeout"/>; beyond it a bind is refused
    /// at once, so slow binds never hold the connections the other verbs need.
    /// </summary>
    public int BindQueueLimit { get; set; } = 96;
}
