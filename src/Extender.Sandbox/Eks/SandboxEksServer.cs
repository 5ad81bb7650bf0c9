using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Eks;

/// <summary>
/// EKS <c>DescribeCluster</c> (<c>GET /clusters/{name}</c>) on 127.0.0.1 for the sandbox cluster: what a sidecar that
/// is not told its cluster's endpoint and CA asks, as the shipped install is not. Unsigned requests are refused as
/// AWS refuses them; an unknown name gets EKS's <c>ResourceNotFoundException</c>.
/// </summary>
public sealed class SandboxEksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxClusterIdentity _cluster;
    private long _calls;

    private SandboxEksServer(WebApplication app, SandboxClusterIdentity cluster)
    {
        _app = app;
        _cluster = cluster;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>DescribeCluster calls received, refused ones included.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    public static async Task<SandboxEksServer> StartAsync(SandboxClusterIdentity cluster, CancellationToken cancellationToken)
    {
        var app = LoopbackApp.Build(0);
        var server = new SandboxEksServer(app, cluster);
        app.MapGet("/clusters/{name}", server.Describe);
        server.Url = await LoopbackApp.StartAsync(app, cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Describe(string name, HttpRequest request)
    {
        Interlocked.Increment(ref _calls);
        if (!request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return Error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        if (name != _cluster.Name)
        {
            return Error(404, "ResourceNotFoundException", $"No cluster found for name: {name}.");
        }

        var body = new JsonObject
        {
            ["cluster"] = new JsonObject
            {
                ["name"] = _cluster.Name,
                ["endpoint"] = _cluster.Endpoint,
                ["certificateAuthority"] = new JsonObject { ["data"] = _cluster.CertificateAuthority },
                ["status"] = "ACTIVE",
            },
        };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: 200);
    }

    private static IResult Error(int status, string type, string message) =>
        Results.Text(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), "application/json", statusCode: status);
}
