namespace Extender.Aws.NodeClasses;

/// <summary>Instance metadata service settings; IMDSv2 only and one hop by default, so pods cannot reach node credentials.</summary>
public sealed record MetadataOptions
{
    public string HttpEndpoint { get; init; } = "enabled";
    public string HttpTokens { get; init; } = "required";
    public int HttpPutResponseHopLimit { get; init; } = 1;
    public string HttpProtocolIpv6 { get; init; } = "disabled";
}
