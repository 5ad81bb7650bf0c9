using Extender.Core.Disruption;
using Extender.Disruption.Replacing;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Deciding;

/// <summary>
/// The leader's disruption loop: decide on every interval (emptiness, expiry, drift, then consolidation within what
/// the budgets leave), carry the decisions out; termination does the rest.
/// </summary>
internal sealed class DisruptionService(
    ILeadership leadership,
    ISyncStatus sync,
    DriftUpkeep drift,
    DisruptionPass pass,
    ConsolidationPass consolidation,
    DisruptionExecutor executor,
    ReplacementGate replacements,
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
                var input = pass.Input();
                var plan = Disruptions.Decide(input);
                var consolidations = await consolidation.DecideAsync(input, plan, stoppingToken);
                if (consolidations.Count > 0)
                {
                    plan = plan with { Disrupt = [.. plan.Disrupt, .. consolidations], Disrupting = plan.Disrupting + consolidations.Count };
                }

                await executor.ApplyAsync(plan, stoppingToken);
                await replacements.PreSpinAsync(input, plan, stoppingToken);

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
