using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Catalog;

/// <summary>Refreshes instance types every few hours and spot prices every few minutes; the catalog keeps the last good data.</summary>
internal sealed class CatalogRefreshService(Ec2Catalog catalog, TimeProvider time, IOptions<AwsCapacityOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!catalog.IsLoaded)
        {
            await catalog.RefreshInstanceTypesAsync(stoppingToken);
            await catalog.RefreshSpotPricesAsync(stoppingToken);
        }

        await Task.WhenAll(
            EveryAsync(options.Value.InstanceTypesRefreshInterval, catalog.RefreshInstanceTypesAsync, stoppingToken),
            EveryAsync(options.Value.SpotPricesRefreshInterval, catalog.RefreshSpotPricesAsync, stoppingToken));
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task<bool>> refresh, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await refresh(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
