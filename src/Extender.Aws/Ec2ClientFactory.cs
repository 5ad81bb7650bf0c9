using Amazon.EC2;
using Amazon.Runtime;

namespace Extender.Aws;

internal static class Ec2ClientFactory
{
    public static AmazonEC2Client Create(AwsCapacityOptions options)
    {
        var config = new AmazonEC2Config
        {
            RetryMode = options.RetryMode == "Adaptive" ? RequestRetryMode.Adaptive : RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxErrorRetry,
            Timeout = options.RequestTimeout,
            HttpClientFactory = new BufferingHttpClientFactory(),
        };
        AwsClientTarget.Apply(config, options.Region, options.EndpointOverride);
        return AwsClientTarget.Credentials(options) is { } credentials ? new AmazonEC2Client(credentials, config) : new AmazonEC2Client(config);
    }
}
