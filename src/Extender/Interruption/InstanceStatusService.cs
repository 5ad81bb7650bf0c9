using Extender.Core.Interruption;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Interruption;

/// <summary>
/// The leader's periodic status check (beyond Karpenter, which reads only the queue): an instance that fails EC2's
/// instance or system status check for longer than the toleration is answered as an <see cref="InterruptionKind.InstanceImpaired"/>
/// event, so its NodeClaim is deleted and its node drained like any other lost capacity. A replica that stops leading
/// forgets what it saw: the next leader starts its tolerations afresh rather than act on another replica's clock.
/// </summary>
internal sealed class InstanceStatusService(
    IOptions<InstanceStatusOptions> options,
    ILeadership leadership,
    ISyncStatus sync,
    IInstanceStatusSource statuses,
    InterruptionHandler handler,
    TimeProvider time,
    ILogger<InstanceStatusService> logger) : BackgroundService
{
    private const string DetailType = "EC2 Instance Status Check Impaired";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.StatusCheckInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        ImpairmentTracker? tracker = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                if (!leadership.IsLeader || !sync.IsSynced)
                {
                    tracker = null;
                    continue;
                }

                tracker ??= new ImpairmentTracker(options.Value.ImpairedToleration);
                var now = time.GetUtcNow();
                var due = tracker.Observe(await statuses.ListImpairedAsync(stoppingToken), now);
                foreach (var instance in due)
                {
                    InterruptionLog.Impaired(logger, instance.InstanceId, instance.Check);
                    await handler.HandleAsync(new InterruptionMessage($"status-{instance.InstanceId}", InterruptionKind.InstanceImpaired, $"{DetailType} ({instance.Check})", now, [instance.InstanceId]), stoppingToken);
                    tracker.Answered(instance.InstanceId);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One failed check (EC2 throttling, a timeout) waits for the next interval; the tolerations it tracks stand.
                InterruptionLog.StatusCheckFailed(logger, ex);
            }
        }
    }
}
