using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Extender.Aws;

/// <summary>
/// Pays the SDK's first-call cost (credential and endpoint resolution, signer, marshallers) at start instead of on the
/// first launch. A failure is logged, not fatal: the catalog refresh reports real connectivity problems.
/// </summary>
internal sealed class Ec2WarmupService(IAmazonEC2 ec2, ILogger<Ec2WarmupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ec2.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            AwsLog.WarmedUp(logger, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is AmazonEC2Exception or Amazon.Runtime.AmazonClientException or HttpRequestException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A slow or unreachable endpoint (the SDK reports its own timeout as a TimeoutException) must not stop the start.
            AwsLog.WarmUpFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
