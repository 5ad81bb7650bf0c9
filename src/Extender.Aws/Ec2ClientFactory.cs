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
        if (options.EndpointOverride is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonEC2Client(config)
            : new AmazonEC2Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }
}
