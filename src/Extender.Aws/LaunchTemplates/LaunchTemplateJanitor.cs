using Extender.Core.Capacity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Extender.Aws.LaunchTemplates;

/// <summary>Deletes the cluster's idle launch templates once an hour.</summary>
internal sealed class LaunchTemplateJanitor(LaunchTemplateStore store, TimeProvider time, ILogger<LaunchTemplateJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.DeleteStaleAsync(stoppingToken);
                }
                catch (CapacityException e)
                {
                    AwsLog.LaunchTemplateCleanupFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
