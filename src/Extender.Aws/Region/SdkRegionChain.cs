using Amazon.Runtime;

namespace Extender.Aws.Region;

/// <summary>
/// The AWS SDK's own default region chain (<c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c>, the shared config profile,
/// instance metadata), so the region is found exactly where every other AWS tool in the pod would find it.
/// </summary>
internal sealed class SdkRegionChain : IRegionChain
{
    public string? FindRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            // A source that fails (a malformed profile, unreachable metadata) is a chain that found nothing; the
            // options validation then names the setting.
            return null;
        }
    }
}
