using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Extender.Aws;

/// <summary>
/// SigV4 for a bodiless request (EKS DescribeCluster, the IAM Query API as GET), through the AWS SDK's own signer: its canonicalisation (headers, path) and its
/// signature, so nothing of the algorithm is re-implemented here. A subclass because the canonicalisation helpers are
/// protected.
/// </summary>
internal sealed class AwsRequestSigner : AWS4Signer
{
    /// <summary>Adds <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (temporary credentials) and <c>Authorization</c>.</summary>
    public static void Sign(HttpRequestMessage request, ImmutableCredentials credentials, string region, string service, DateTime signedAt)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (credentials.UseToken)
        {
            headers["X-Amz-Security-Token"] = credentials.Token;
        }

        // Sets host (with a non-default port, as HttpClient sends it) and x-amz-date.
        var at = InitializeHeaders(headers, uri, signedAt);
        var signed = SortAndPruneHeaders(headers);
        var canonical = CanonicalizeRequest(new Uri(uri.GetLeftPart(UriPartial.Authority)), uri.AbsolutePath, request.Method.Method, signed,
            CanonicalizeQueryParameters(uri.Query.TrimStart('?')), EmptyBodySha256);
        var result = ComputeSignature(credentials, region, at, service, CanonicalizeHeaderNames(signed), canonical);

        foreach (var (name, value) in headers)
        {
            // HttpClient writes Host from the URI itself.
            if (!name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }
}
