using Microsoft.Extensions.Options;

namespace Extender.Aws;

internal sealed class AwsCapacityOptionsValidator : IValidateOptions<AwsCapacityOptions>
{
    public ValidateOptionsResult Validate(string? name, AwsCapacityOptions options)
    {
        var errors = new List<string>();
        Require(errors, !string.IsNullOrWhiteSpace(options.Region),
            "Aws:Region is not set and the AWS SDK's default region chain (AWS_REGION, AWS profile, instance metadata) found no region");
        Require(errors, options.EndpointOverride is null || options.EndpointOverride.IsAbsoluteUri, "Aws:EndpointOverride must be an absolute URI");
        Require(errors, options.EksEndpointOverride is null || options.EksEndpointOverride.IsAbsoluteUri, "Aws:EksEndpointOverride must be an absolute URI");
        Require(errors, string.IsNullOrWhiteSpace(options.ClusterEndpoint) || Uri.TryCreate(options.ClusterEndpoint, UriKind.Absolute, out _),
            "Aws:ClusterEndpoint must be an absolute URI (https://...)");
        Require(errors, string.IsNullOrWhiteSpace(options.ClusterCertificateAuthority) || IsBase64(options.ClusterCertificateAuthority),
            "Aws:ClusterCertificateAuthority must be base64 (the cluster's certificateAuthority.data)");
        Require(errors, string.IsNullOrEmpty(options.AccessKeyId) == string.IsNullOrEmpty(options.SecretAccessKey),
            "Aws:AccessKeyId and Aws:SecretAccessKey must be given together");
        Require(errors, options.RetryMode is "Standard" or "Adaptive", $"Aws:RetryMode must be Standard or Adaptive, not '{options.RetryMode}'");
        Require(errors, options.MaxErrorRetry is >= 0 and <= 10, "Aws:MaxErrorRetry must be between 0 and 10");
        Require(errors, options.RequestTimeout > TimeSpan.Zero, "Aws:RequestTimeout must be positive");
        Require(errors, options.ThrottleBaseDelay > TimeSpan.Zero && options.ThrottleMaxDelay >= options.ThrottleBaseDelay,
            "Aws:ThrottleBaseDelay must be positive and not above Aws:ThrottleMaxDelay");
        Require(errors, options.ThrottleMaxAttempts >= 1, "Aws:ThrottleMaxAttempts must be at least 1");
        Require(errors, IsClusterName(options.ClusterName), "Aws:ClusterName is required: letters, digits, '-' and '_', starting with a letter or digit");
        Require(errors, options.MaxFleetOverrides is >= 1 and <= 300, "Aws:MaxFleetOverrides must be between 1 and 300");
        Require(errors, options.InstanceTypesRefreshInterval >= TimeSpan.FromMinutes(1), "Aws:InstanceTypesRefreshInterval must be at least 1 minute");
        Require(errors, options.SpotPricesRefreshInterval >= TimeSpan.FromSeconds(10), "Aws:SpotPricesRefreshInterval must be at least 10 seconds");
        Require(errors, options.UnavailableOfferingTtl > TimeSpan.Zero, "Aws:UnavailableOfferingTtl must be positive");
        Require(errors, options.NodeClassResolutionTtl > TimeSpan.Zero, "Aws:NodeClassResolutionTtl must be positive");
        Require(errors, options.LaunchTemplateIdleTtl > TimeSpan.Zero, "Aws:LaunchTemplateIdleTtl must be positive");
        Require(errors, options.MaxPods is null or (>= 1 and <= 1000), "Aws:MaxPods must be between 1 and 1000");
        Require(errors, options.RootVolumeGiB >= 4, "Aws:RootVolumeGiB must be at least 4");
        Require(errors, options.OnDemandPriceFile is null || File.Exists(options.OnDemandPriceFile),
            $"Aws:OnDemandPriceFile '{options.OnDemandPriceFile}' does not exist");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value.Trim(), new byte[value.Length], out _);

    private static bool IsClusterName(string name) =>
        name.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
