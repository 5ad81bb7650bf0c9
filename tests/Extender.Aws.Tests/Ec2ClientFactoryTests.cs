using System.Net;
using Amazon.EC2.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Extender.Aws.Tests;

public sealed class Ec2ClientFactoryTests
{
    [Fact]
    public async Task Call_BodyStallsAfterTheHeaders_FailsAtTheRequestTimeout()
    {
        await using var server = await StartStallingServerAsync();
        using var ec2 = Ec2ClientFactory.Create(new AwsCapacityOptions
        {
            ClusterName = "c",
            EndpointOverride = new Uri(server.Urls.Single()),
            AccessKeyId = "AKIDEXAMPLE",
            SecretAccessKey = "secret",
            MaxErrorRetry = 0,
            RequestTimeout = TimeSpan.FromSeconds(1),
        });

        // Off the test's thread: the SDK's synchronous read of a body that stalls would block its caller for good.
        var call = Task.Run(() => ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest(), CancellationToken.None));

        // The minute only keeps a regression from hanging the run; the SDK reports its own timeout as a TimeoutException.
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromMinutes(1))));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    /// <summary>Answers with the headers and the start of a page, then sends nothing more until the client goes away.</summary>
    private static async Task<WebApplication> StartStallingServerAsync()
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
        return app;
    }
}
