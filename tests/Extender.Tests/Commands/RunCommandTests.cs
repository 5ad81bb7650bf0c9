using System.Net;
using Extender.Commands;
using Extender.Sandbox.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Extender.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public async Task RunSidecar_ClusterEndpointNeitherConfiguredNorDiscoverable_ExitsWithTwoAndOneLineNamingTheOption()
    {
        await using var api = await SandboxApiServer.StartAsync();
        await using var eks = await StartEksAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        api.WriteKubeconfig(kubeconfig);
        var error = new StringWriter();
        try
        {
            var code = await RunCommand.RunSidecarAsync(new Dictionary<string, string?>
            {
                ["Http:Port"] = "0",
                ["Http:Probes:Address"] = "127.0.0.1",
                ["Http:Probes:Port"] = "0",
                ["Kubernetes:Kubeconfig"] = kubeconfig,
                ["Aws:Region"] = "us-east-1",
                ["Aws:EndpointOverride"] = "http://127.0.0.1:9/",
                ["Aws:EksEndpointOverride"] = eks.Urls.Single(),
                ["Aws:AccessKeyId"] = "AKIDEXAMPLE",
                ["Aws:SecretAccessKey"] = "secret",
                ["Aws:MaxErrorRetry"] = "0",
                ["Aws:ClusterName"] = "prod",
            }, error, CancellationToken.None);

            Assert.Equal(Cli.BadInput, code);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(
                "configuration: Aws:ClusterEndpoint and Aws:ClusterCertificateAuthority are not set and EKS DescribeCluster for cluster 'prod' failed: "
                + "ResourceNotFoundException: No cluster found for name: prod. (HTTP 404)",
                line.TrimEnd('\r'));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>An EKS endpoint that knows no cluster, answering as EKS does.</summary>
    private static async Task<WebApplication> StartEksAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/clusters/{name}", (string name, HttpResponse response) =>
        {
            response.Headers["x-amzn-ErrorType"] = "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.eks/";
            return Results.Json(new { message = $"No cluster found for name: {name}." }, statusCode: StatusCodes.Status404NotFound);
        });
        await app.StartAsync();
        return app;
    }
}
