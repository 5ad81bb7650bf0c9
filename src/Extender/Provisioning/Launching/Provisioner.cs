using Extender.Provisioning.Batching;
using Extender.Provisioning.Detection;

namespace Extender.Provisioning.Launching;

/// <summary>The channel's single reader: batch after batch, until shutdown. A failed batch's pods retry after backoff.</summary>
internal sealed class Provisioner(Batcher batcher, BatchProvisioner provisioner, RequeueBackoff backoff, ILogger<Provisioner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<UnschedulablePod> batch;
            try
            {
                batch = await batcher.NextBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ProvisionAsync(batch, stoppingToken);
        }
    }

    private async Task ProvisionAsync(IReadOnlyList<UnschedulablePod> batch, CancellationToken stoppingToken)
    {
        try
        {
            await provisioner.ProvisionAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Loops catch at the top: the batch's pods come back after backoff instead of being forgotten.
            ProvisionerLog.BatchFailed(logger, batch.Count, ex);
            foreach (var pending in batch)
            {
                backoff.Requeue(pending.Pod, stoppingToken);
            }
        }
    }
}
