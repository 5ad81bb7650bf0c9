namespace Extender.Sandbox.Scheduling;

/// <summary>
/// One extender, configured by the fields of a KubeSchedulerConfiguration <c>extenders[]</c> entry
/// (kubescheduler.config.k8s.io/v1); an empty verb means that call is never made.
/// </summary>
public sealed record ExtenderConfig
{
    /// <summary>kube-scheduler's <c>DefaultExtenderTimeout</c>, used when <see cref="HttpTimeout"/> is zero.</summary>
    public static readonly TimeSpan DefaultHttpTimeout = TimeSpan.FromSeconds(5);

    public required Uri UrlPrefix { get; init; }
    public string FilterVerb { get; init; } = "";
    public string PrioritizeVerb { get; init; } = "";
    public string BindVerb { get; init; } = "";
    public long Weight { get; init; }
    public bool NodeCacheCapable { get; init; }
    public TimeSpan HttpTimeout { get; init; }
    public bool Ignorable { get; init; }

    /// <summary>The whole exchange (connect, headers, body) must finish within this.</summary>
    public TimeSpan EffectiveTimeout => HttpTimeout == TimeSpan.Zero ? DefaultHttpTimeout : HttpTimeout;

    /// <summary><c>strings.TrimRight(urlPrefix, "/") + "/" + verb</c>, as upstream builds it.</summary>
    public Uri UrlFor(string verb) => new(UrlPrefix.ToString().TrimEnd('/') + "/" + verb);

    /// <summary>The checks upstream's <c>validateExtenders</c> makes on one entry.</summary>
    public void Validate()
    {
        if (!UrlPrefix.IsAbsoluteUri || (UrlPrefix.Scheme != Uri.UriSchemeHttp && UrlPrefix.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"extender urlPrefix \"{UrlPrefix}\" must be an absolute http or https URL");
        }

        if (PrioritizeVerb.Length > 0 && Weight <= 0)
        {
            throw new ArgumentException($"extender {UrlPrefix}: weight must be positive when prioritizeVerb is set (got {Weight})");
        }

        if (HttpTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"extender {UrlPrefix}: httpTimeout must not be negative (got {HttpTimeout})");
        }
    }
}
