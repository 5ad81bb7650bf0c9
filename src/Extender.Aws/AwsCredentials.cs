using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Extender.Aws;

/// <summary>Credentials for the calls written over AWSSDK.Core (EKS, IAM): the configured static pair, else the SDK's default chain.</summary>
internal static class AwsCredentials
{
    /// <summary>Throws <see cref="AmazonClientException"/> when the chain finds none.</summary>
    public static async Task<ImmutableCredentials> ResolveAsync(AwsCapacityOptions settings)
    {
        var source = string.IsNullOrEmpty(settings.AccessKeyId)
            ? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null)
            : new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey);
        return await source.GetCredentialsAsync();
    }
}
