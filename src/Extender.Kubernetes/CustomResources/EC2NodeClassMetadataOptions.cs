namespace Extender.Kubernetes.CustomResources;

/// <summary>Instance metadata service options; IMDSv2 (<c>httpTokens: required</c>) by default.</summary>
public sealed class EC2NodeClassMetadataOptions
{
    public string? HttpEndpoint { get; set; } = "enabled";

    public string? HttpProtocolIPv6 { get; set; } = "disabled";

    public long? HttpPutResponseHopLimit { get; set; } = 1;

    public string? HttpTokens { get; set; } = "required";
}
