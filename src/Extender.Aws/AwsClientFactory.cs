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
        return AwsClientTarget.Credentials(options) is { } credentials ? new AmazonEC2Client(credentials, config) : new AmazonEC2Client(config);
    }

    public static AmazonSimpleSystemsManagementClient CreateSsm(AwsCapacityOptions options)
    {
        var config = Configure(new AmazonSimpleSystemsManagementConfig(), options);
        return AwsClientTarget.Credentials(options) is { } credentials ? new AmazonSimpleSystemsManagementClient(credentials, config) : new AmazonSimpleSystemsManagementClient(config);
    }

    private static T Configure<T>(T config, AwsCapacityOptions options)
        where T : ClientConfig
    {
        config.RetryMode = options.RetryMode == "Adaptive" ? RequestRetryMode.Adaptive : RequestRetryMode.Standard;
        config.MaxErrorRetry = options.MaxErrorRetry;
        config.Timeout = options.RequestTimeout;
        config.HttpClientFactory = new BufferingHttpClientFactory();
        AwsClientTarget.Apply(config, options.Region, options.EndpointOverride);
        return config;
    }
}
