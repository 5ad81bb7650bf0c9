using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Lifecycle;

/// <summary>Runs the lifecycle pass, garbage collection and the pending rescan on their intervals while leader.</summary>
internal sealed class LifecycleService(
    ILeadership leadership,
    LeaderStart leaderStart,
    ClaimLifecycle lifecycle,
    GarbageCollector collector,
    PendingRescan rescan,
    Core.Cluster.ClusterState cluster,
    LifecycleSignal signal,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<LifecycleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastCollected = DateTimeOffset.MinValue;
        var lastRescan = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(options.Value.Interval, time, stoppingToken);
                if (!leadership.IsLeader)
                {
                    leaderStart.Reset();
                    continue;
                }

                await leaderStart.EnsureAsync(stoppingToken);
                await lifecycle.TickAsync(stoppingToken);
                var now = time.GetUtcNow();
                if (now - lastCollected >= options.Value.GarbageCollectionInterval)
                {
                    await collector.CollectAsync(stoppingToken);
                    lastCollected = now;
                }

                if (now - lastRescan >= options.Value.RescanInterval)
                {
                    rescan.Run(cluster.Current);
                    lastRescan = now;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LifecycleLog.TickFailed(logger, ex);
            }
        }
    }
}
