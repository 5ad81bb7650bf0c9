using Amazon.Runtime;

namespace Extender.Aws.Tests;

public sealed class AwsRequestSignerTests
{
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Fact]
    public void Sign_AwsTestSuiteGetVanilla_MatchesThePublishedSignature()
    {
        // "get-vanilla" from AWS's SigV4 test suite: the request, key and expected header are AWS's own.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        AwsRequestSigner.Sign(request, new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), "us-east-1", "service", SignedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            Header(request, "Authorization"));
        Assert.Equal("20150830T123600Z", Header(request, "X-Amz-Date"));
    }

    [Fact]
    public void Sign_TemporaryCredentials_SendsAndSignsTheSessionToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://eks.us-east-1.amazonaws.com/clusters/prod");

        AwsRequestSigner.Sign(request, new ImmutableCredentials("ASIAEXAMPLE", "secret", "session-token"), "us-east-1", "eks", SignedAt);

        Assert.Equal("session-token", Header(request, "X-Amz-Security-Token"));
        Assert.Contains("/us-east-1/eks/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, ", Header(request, "Authorization"), StringComparison.Ordinal);
    }

    private static string Header(HttpRequestMessage request, string name) => Assert.Single(request.Headers.GetValues(name));
}
