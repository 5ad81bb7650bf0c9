using Extender.Core.Capacity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Extender.Aws.LaunchTemplates;

/// <summary>
/// Deletes the cluster's idle launch templates once an hour, only while this replica leads: "idle" is judged from the
/// launches this process made, so a standby (which launches nothing) would find every template idle and delete the
/// ones the leader is launching from.
/// </summary>
internal sealed class LaunchTemplateJanitor(LaunchTemplateStore store, IAwsLeadership leadership, TimeProvider time, ILogger<LaunchTemplateJanitor> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private PeriodicTimer? _timer;
    private int _ticks;

    /// <summary>How many hourly ticks have been handled (cleaned or skipped); tests step the fake clock by it.</summary>
    public int Ticks => Volatile.Read(ref _ticks);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here rather than in ExecuteAsync, which the host runs later on the thread pool: the first interval
        // counts from the start, and a test's fake clock can be moved as soon as StartAsync returns.
        _timer = new PeriodicTimer(Interval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("ExecuteAsync ran before StartAsync");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(stoppingToken);
                Interlocked.Increment(ref _ticks);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        if (!leadership.IsLeader)
        {
            AwsLog.LaunchTemplateCleanupSkipped(logger);
            return;
        }

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
