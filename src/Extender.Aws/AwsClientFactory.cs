using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;

namespace Extender.Aws;

/// <summary>The SDK clients, each with the same retry, timeout, buffering and endpoint settings.</summary>
internal static class AwsClientFactory
{
    public static AmazonEC2Client CreateEc2(AwsCapacityOptions options)
    {
        var config = Configure(new AmazonEC2Config(), options);
        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonEC2Client(config)
            : new AmazonEC2Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }

    public static AmazonSimpleSystemsManagementClient CreateSsm(AwsCapacityOptions options)
    {
        var config = Configure(new AmazonSimpleSystemsManagementConfig(), options);
        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonSimpleSystemsManagementClient(config)
            : new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }

    private static T Configure<T>(T config, AwsCapacityOptions options)
        where T : ClientConfig
    {
        config.RetryMode = options.RetryMode == "Adaptive" ? RequestRetryMode.Adaptive : RequestRetryMode.Standard;
        config.MaxErrorRetry = options.MaxErrorRetry;
        config.Timeout = options.RequestTimeout;
        config.HttpClientFactory = new BufferingHttpClientFactory();
        if (options.EndpointOverride is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        return config;
    }
}
