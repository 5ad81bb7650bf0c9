using System.Net;
using Amazon.EC2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Extender.Aws.Tests;

/// <summary>An EC2 endpoint on 127.0.0.1 that answers with the headers and the start of a page, then sends nothing more until the client goes away.</summary>
internal sealed class StallingEc2Server : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StallingEc2Server(WebApplication app) => _app = app;

    /// <summary>An EC2 client for this endpoint that gives up on a call after <paramref name="requestTimeout"/>, without retries.</summary>
    public AmazonEC2Client CreateClient(TimeSpan requestTimeout) => AwsClientFactory.CreateEc2(new AwsCapacityOptions
    {
        Region = "us-east-1",
        ClusterName = "c",
        EndpointOverride = new Uri(_app.Urls.Single()),
        AccessKeyId = "AKIDEXAMPLE",
        SecretAccessKey = "secret",
        MaxErrorRetry = 0,
        RequestTimeout = requestTimeout,
    });

    public static async Task<StallingEc2Server> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/", async context =>
        {
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync("""<DescribeInstanceTypesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><instanceTypeSet>""", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await app.StartAsync();
        return new StallingEc2Server(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
