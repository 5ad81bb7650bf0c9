using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Cluster;

/// <summary>
/// EKS <c>DescribeCluster</c> (<c>GET /clusters/{name}</c>, SigV4 for service <c>eks</c>) written over AWSSDK.Core
/// because the AWSSDK.EKS package is not served by the NuGet mirror this project builds from. It is the one EKS call
/// the extender makes, and only at start, so a hand-written request is smaller than a package; the signer and the
/// credential chain are the SDK's own.
/// </summary>
internal sealed class EksClusterDescriber(IOptions<AwsCapacityOptions> options, TimeProvider time)
{
    public async Task<EksClusterDescription> DescribeAsync(string clusterName, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        ImmutableCredentials credentials;
        try
        {
            credentials = await AwsCredentials.ResolveAsync(settings);
        }
        catch (AmazonClientException e)
        {
            throw new ClusterDiscoveryException($"no AWS credentials: {e.Message}", inner: e);
        }

        var uri = new Uri(Endpoint(settings), "clusters/" + Uri.EscapeDataString(clusterName));

        // Bounded on the injected clock (tests drive it), and by the caller's token (a stop during start).
        using var timeout = new CancellationTokenSource(settings.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        AwsRequestSigner.Sign(request, credentials, settings.Region, "eks", time.GetUtcNow().UtcDateTime);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return response.IsSuccessStatusCode
                ? Parse(body)
                : throw new ClusterDiscoveryException(Describe(response, body), IsTransient(response.StatusCode));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterDiscoveryException($"no answer from {uri.GetLeftPart(UriPartial.Authority)} within {settings.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Aws:RequestTimeout)", transient: true);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterDiscoveryException($"{uri.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}", transient: true, e);
        }
    }

    /// <summary>The regional endpoint in the region's partition (<c>amazonaws.com</c>, <c>amazonaws.com.cn</c>, ...).</summary>
    private static Uri Endpoint(AwsCapacityOptions settings)
    {
        if (settings.EksEndpointOverride is { } overridden)
        {
            return overridden.AbsoluteUri.EndsWith('/') ? overridden : new Uri(overridden.AbsoluteUri + "/");
        }

        var region = RegionEndpoint.GetBySystemName(settings.Region);
        return new Uri($"https://eks.{region.SystemName}.{region.PartitionDnsSuffix}/");
    }

    private static EksClusterDescription Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("cluster", out var cluster) || cluster.ValueKind != JsonValueKind.Object)
            {
                throw new ClusterDiscoveryException("the response has no 'cluster'");
            }

            return new EksClusterDescription(
                String(cluster, "endpoint"),
                cluster.TryGetProperty("certificateAuthority", out var ca) && ca.ValueKind == JsonValueKind.Object ? String(ca, "data") : null,
                String(cluster, "status"));
        }
        catch (JsonException e)
        {
            throw new ClusterDiscoveryException($"the response is not JSON: {e.Message}", inner: e);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>EKS errors are <c>{"message": ...}</c> with the error code in <c>x-amzn-ErrorType</c> (<c>Code:namespace</c>).</summary>
    private static string Describe(HttpResponseMessage response, string body)
    {
        var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            message = document.RootElement.ValueKind == JsonValueKind.Object ? String(document.RootElement, "message") ?? String(document.RootElement, "Message") : null;
        }
        catch (JsonException)
        {
            // Not an EKS error body (a proxy, a load balancer): the status says enough.
        }

        var status = $"HTTP {(int)response.StatusCode}";
        var what = (code, message) switch
        {
            (not null, not null) => $"{code}: {message}",
            (not null, null) => code,
            (null, not null) => message,
            _ => response.StatusCode == HttpStatusCode.NotFound ? "not found" : response.ReasonPhrase ?? "error",
        };
        return $"{what} ({status})";
    }
}
