namespace Extender.Tests.Deployment;

/// <summary>Mirror of component-base <c>ClientConnectionConfiguration</c> (config/v1alpha1).</summary>
public sealed class ClientConnectionConfiguration
{
    public string? Kubeconfig { get; set; }
    public string? AcceptContentTypes { get; set; }
    public string? ContentType { get; set; }
    public float? Qps { get; set; }
    public int? Burst { get; set; }
}
