using Extender.Core.Capacity;

namespace Extender.Aws.Instances;

/// <summary>The Kubernetes providerID of an EC2 instance: <c>aws:///&lt;zone&gt;/&lt;instance-id&gt;</c>.</summary>
internal static class ProviderIds
{
    private const string Prefix = "aws:///";

    public static string Format(string zone, string instanceId) => $"{Prefix}{zone}/{instanceId}";

    public static string InstanceId(string providerId)
    {
        var slash = providerId.LastIndexOf('/');
        var id = slash < 0 ? "" : providerId[(slash + 1)..];
        return providerId.StartsWith(Prefix, StringComparison.Ordinal) && id.StartsWith("i-", StringComparison.Ordinal)
            ? id
            : throw new CapacityException(CapacityErrorKind.Configuration, $"'{providerId}' is not an EC2 providerID (aws:///<zone>/i-...)");
    }
}
