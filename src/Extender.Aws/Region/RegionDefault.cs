using Microsoft.Extensions.Options;

namespace Extender.Aws.Region;

/// <summary>
/// Fills an unset <see cref="AwsCapacityOptions.Region"/> from the SDK's default chain once, before validation, so the
/// EC2 client, the EKS call and the logs all use the one region that was found (and an empty result fails at start).
/// </summary>
internal sealed class RegionDefault(IRegionChain chain) : IPostConfigureOptions<AwsCapacityOptions>
{
    public void PostConfigure(string? name, AwsCapacityOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Region))
        {
            options.Region = chain.FindRegion() ?? "";
        }
    }
}
