using Extender.Aws.Cluster;
using Extender.Aws.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Extender.Aws.Tests.Cluster;

public sealed class ClusterConnectionSourceTests : IDisposable
{
    private const string DescribeClusterJson = """
        {"cluster": {"name": "test-cluster", "status": "ACTIVE", "endpoint": "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com",
                     "certificateAuthority": {"data": "TFMwdExTMUNSVWRK"}, "version": "1.33"}}
        """;

    private readonly WireMockServer _eks = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly WireEc2 _ec2 = new();

    [Fact]
    public async Task GetAsync_NotConfigured_SendsSignedGetForTheClusterAndUsesItsEndpointAndCa()
    {
        Respond(200, DescribeClusterJson);
        using var host = Host(endpoint: "", authority: "");

        var connection = await host.Get<ClusterConnectionSource>().GetAsync(CancellationToken.None);

        Assert.Equal(new ClusterConnection("https://ABCDEF.gr7.us-east-1.eks.amazonaws.com", "TFMwdExTMUNSVWRK"), connection);
        var request = Assert.Single(_eks.LogEntries).RequestMessage!;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/clusters/test-cluster", request.Path);
        var authorization = Assert.Single(request.Headers!["Authorization"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/eks/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        Assert.Contains("host;x-amz-date", authorization, StringComparison.Ordinal);
        Assert.Equal("20250101T000000Z", Assert.Single(request.Headers!["X-Amz-Date"]));
    }

    [Fact]
    public async Task GetAsync_BothConfigured_AsksNobody()
    {
        using var host = Host(endpoint: "https://api.example", authority: "Q0E=");

        var connection = await host.Get<ClusterConnectionSource>().GetAsync(CancellationToken.None);

        Assert.Equal(new ClusterConnection("https://api.example", "Q0E="), connection);
        Assert.Empty(_eks.LogEntries);
    }

    [Fact]
    public async Task GetAsync_OnlyCaConfigured_DiscoversTheEndpointAndKeepsTheConfiguredCa()
    {
        Respond(200, DescribeClusterJson);
        using var host = Host(endpoint: "", authority: "Q0E=");

        var connection = await host.Get<ClusterConnectionSource>().GetAsync(CancellationToken.None);

        Assert.Equal(new ClusterConnection("https://ABCDEF.gr7.us-east-1.eks.amazonaws.com", "Q0E="), connection);
    }

    [Fact]
    public async Task GetAsync_ClusterNotFound_FailsNamingTheOptionsTheClusterAndEksReason()
    {
        Respond(404, """{"message":"No cluster found for name: test-cluster."}""", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.eks/");
        using var host = Host(endpoint: "", authority: "");

        var error = await Assert.ThrowsAsync<ClusterDiscoveryException>(() => host.Get<ClusterConnectionSource>().GetAsync(CancellationToken.None));

        Assert.Equal(
            "Aws:ClusterEndpoint and Aws:ClusterCertificateAuthority are not set and EKS DescribeCluster for cluster 'test-cluster' failed: "
            + "ResourceNotFoundException: No cluster found for name: test-cluster. (HTTP 404)",
            error.Message);
    }

    [Fact]
    public async Task GetAsync_ClusterStillCreating_FailsNamingTheEmptyField()
    {
        Respond(200, """{"cluster": {"name": "test-cluster", "status": "CREATING", "certificateAuthority": {}}}""");
        using var host = Host(endpoint: "", authority: "Q0E=");

        var error = await Assert.ThrowsAsync<ClusterDiscoveryException>(() => host.Get<ClusterConnectionSource>().GetAsync(CancellationToken.None));

        Assert.Equal("Aws:ClusterEndpoint is not set and EKS DescribeCluster for cluster 'test-cluster' returned no endpoint (cluster status CREATING)", error.Message);
    }

    [Fact]
    public async Task GetAsync_EksNeverAnswers_FailsAtTheRequestTimeoutOnTheClock()
    {
        _eks.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(DescribeClusterJson).WithDelay(TimeSpan.FromMinutes(1)));
        using var host = Host(endpoint: "", authority: "");

        var call = host.Get<ClusterConnectionSource>().GetAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ClusterDiscoveryException>(() => call);
        Assert.Contains("failed: no answer from", error.Message, StringComparison.Ordinal);
        Assert.Contains("(Aws:RequestTimeout)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingAsync_DiscoveryFails_StopsTheStartAsAnInvalidOption()
    {
        Respond(403, """{"message":"User is not authorized to perform: eks:DescribeCluster"}""", "AccessDeniedException");
        using var host = Host(endpoint: "", authority: "");
        var check = host.Get<IEnumerable<IHostedService>>().OfType<ClusterConnectionCheck>().Single();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => check.StartingAsync(CancellationToken.None));

        Assert.StartsWith("Aws:ClusterEndpoint and Aws:ClusterCertificateAuthority are not set and EKS DescribeCluster for cluster 'test-cluster' failed: AccessDeniedException", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _eks.Stop();
        _ec2.Dispose();
    }

    private void Respond(int status, string body, string? errorType = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (errorType is not null)
        {
            response = response.WithHeader("x-amzn-ErrorType", errorType);
        }

        _eks.Given(Request.Create().UsingGet()).RespondWith(response);
    }

    private ProviderHost Host(string endpoint, string authority) => new(_ec2.Url, new Dictionary<string, string?>
    {
        ["Aws:ClusterEndpoint"] = endpoint,
        ["Aws:ClusterCertificateAuthority"] = authority,
        ["Aws:EksEndpointOverride"] = _eks.Url,
    });
}
