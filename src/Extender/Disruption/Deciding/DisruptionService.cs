using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Deciding;

/// <summary>The leader's disruption loop: decide on every interval, carry the decisions out; termination does the rest.</summary>
internal sealed class DisruptionService(
    ILeadership leadership,
    ISyncStatus sync,
    DriftUpkeep drift,
    DisruptionPass pass,
    DisruptionExecutor executor,
    IOptions<DisruptionOptions> options,
    TimeProvider time,
    ILogger<DisruptionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            // Never decide on an unsynced cache: a node whose pods are not listed yet looks empty.
            if (!leadership.IsLeader || !sync.IsSynced)
            {
                continue;
            }

            try
            {
                await drift.PrepareAsync(stoppingToken);
                var plan = pass.Decide();
                await executor.ApplyAsync(plan, stoppingToken);

                // A wave of a fleet roll ends when its nodes are gone: look again soon, so the next wave waits for the
                // budget, not for the timer.
                timer.Period = plan.Disrupting > 0 ? options.Value.BusyInterval : options.Value.Interval;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                DeciderLog.PassFailed(logger, ex);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
