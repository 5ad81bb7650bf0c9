using Amazon.Runtime;

namespace Extender.Aws;

/// <summary>Where every AWS client of the sidecar points and with which credentials, from the <c>Aws</c> section.</summary>
internal static class AwsClientTarget
{
    /// <summary>The endpoint override (signed for the configured region), else the regional endpoint.</summary>
    public static void Apply(ClientConfig config, string region, Uri? endpointOverride)
    {
        if (endpointOverride is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
    }

    /// <summary>Static credentials when configured; null means the SDK's default credential chain.</summary>
    public static BasicAWSCredentials? Credentials(AwsCapacityOptions options) =>
        string.IsNullOrEmpty(options.AccessKeyId) ? null : new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey);
}
