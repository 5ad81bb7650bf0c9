using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Extender.Aws.Errors;
using Microsoft.Extensions.Options;

namespace Extender.Aws.InstanceProfiles;

/// <summary>
/// The IAM Query API (<c>GET ?Action=...&amp;Version=2010-05-08</c>, SigV4 for service <c>iam</c>) written over
/// AWSSDK.Core, because the AWSSDK.IdentityManagement package is not served by the NuGet mirror this project builds
/// from (as EKS DescribeCluster is). Errors are thrown as the SDK's <see cref="AmazonServiceException"/> with IAM's
/// code, so <see cref="Ec2Caller"/> classifies them, backs off on throttling and bounds the call as it does for EC2.
/// </summary>
internal sealed class IamClient(IOptions<AwsCapacityOptions> options, TimeProvider time) : IDisposable
{
    private const string Version = "2010-05-08";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The <c>{Action}Result</c> element of the answer.</summary>
    public async Task<XElement> CallAsync(string action, IReadOnlyList<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (endpoint, signingRegion) = Endpoint(settings);
        var query = string.Join('&', new[] { ("Action", action), ("Version", Version) }.Concat(parameters)
            .Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "?" + query));
        AwsRequestSigner.Sign(request, await AwsCredentials.ResolveAsync(settings), signingRegion, "iam", time.GetUtcNow().UtcDateTime);

        // The SDK clients' own bound (Aws:RequestTimeout) on each request; the caller's token ends it at once.
        using var timeout = new CancellationTokenSource(settings.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await _http.SendAsync(request, linked.Token);
        var body = await response.Content.ReadAsStringAsync(linked.Token);
        var document = Parse(body, response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            var error = document?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = Child(error, "Code") ?? $"HTTP{(int)response.StatusCode}";
            var type = Child(error, "Type") == "Sender" ? ErrorType.Sender : ErrorType.Receiver;
            throw new AmazonServiceException(Child(error, "Message") ?? code, null, type, code, Child(document?.Root, "RequestId") ?? "", response.StatusCode);
        }

        return document?.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result")
            ?? new XElement(action + "Result");
    }

    public void Dispose() => _http.Dispose();

    public static string? Child(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static XDocument? Parse(string body, HttpStatusCode status)
    {
        try
        {
            return body.Length == 0 ? null : XDocument.Parse(body);
        }
        catch (XmlException e)
        {
            // A proxy's or load balancer's page: the status says enough.
            throw new AmazonServiceException($"IAM answered HTTP {(int)status} with a body that is not XML", e, ErrorType.Receiver, null, "", status);
        }
    }

    /// <summary>IAM is global per partition: one endpoint, signed for the partition's home region.</summary>
    private static (Uri Endpoint, string SigningRegion) Endpoint(AwsCapacityOptions settings)
    {
        if (settings.EndpointOverride is { } overridden)
        {
            return (overridden, settings.Region);
        }

        var region = RegionEndpoint.GetBySystemName(settings.Region);
        return region.PartitionName switch
        {
            "aws" => (new Uri("https://iam.amazonaws.com/"), "us-east-1"),
            "aws-cn" => (new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), "cn-north-1"),
            "aws-us-gov" => (new Uri("https://iam.us-gov.amazonaws.com/"), "us-gov-west-1"),
            _ => (new Uri($"https://iam.{region.PartitionDnsSuffix}/"), region.SystemName),
        };
    }
}
