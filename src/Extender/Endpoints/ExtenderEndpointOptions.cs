namespace Extender.Endpoints;

/// <summary>Options of the extender verbs (section <c>Endpoints</c>).</summary>
internal sealed class ExtenderEndpointOptions
{
    public const string Section = "Endpoints";

    /// <summary>Path the verbs hang under; kube-scheduler's <c>urlPrefix</c> must end with it.</summary>
    public string PathPrefix { get; set; } = "/scheduler";

    /// <summary>Largest accepted request body; larger ones get 413. Full-<c>Nodes</c> requests run ~7 KB per node.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long <c>bind</c> waits for the API server; below kube-scheduler's default 5 s <c>httpTimeout</c> so the
    /// scheduler hears our error rather than its own timeout.
    /// </summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
