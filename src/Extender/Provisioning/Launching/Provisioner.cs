using Extender.Provisioning.Batching;

namespace Extender.Provisioning.Launching;

/// <summary>
/// The channel's single reader: batch after batch until shutdown. On shutdown it takes no new batch, then lets the
/// launches already running record their instances on their claims (<see cref="InFlightLaunches.DrainAsync"/>).
/// </summary>
internal sealed class Provisioner(Batcher batcher, BatchProvisioner provisioner, InFlightLaunches launches) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await launches.DrainAsync().WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await provisioner.ProvisionAsync(await batcher.NextBatchAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
