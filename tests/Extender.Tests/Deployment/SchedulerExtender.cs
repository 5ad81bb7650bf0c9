namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>Extender</c> (config/v1/types.go).</summary>
public sealed class SchedulerExtender
{
    public string? UrlPrefix { get; set; }
    public string? FilterVerb { get; set; }
    public string? PreemptVerb { get; set; }
    public string? PrioritizeVerb { get; set; }
    public long? Weight { get; set; }
    public string? BindVerb { get; set; }
    public bool? EnableHTTPS { get; set; }
    public ExtenderTlsConfig? TlsConfig { get; set; }
    public string? HttpTimeout { get; set; }
    public bool? NodeCacheCapable { get; set; }
    public List<ExtenderManagedResource> ManagedResources { get; init; } = [];
    public bool? Ignorable { get; set; }
}
