using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Launching;

/// <summary>The capacity provider's instance catalog, fetched on first use and refreshed after a while.</summary>
internal sealed class CatalogCache(ICapacityProvider capacity, IOptions<ProvisionerOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (InstanceCatalog Catalog, DateTimeOffset LoadedAt)? _loaded;

    /// <summary>The last catalog fetched, or null before the first fetch.</summary>
    public InstanceCatalog? Current => _loaded?.Catalog;

    public async Task<InstanceCatalog> GetAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } fresh && time.GetUtcNow() - fresh.LoadedAt < options.Value.CatalogRefresh)
        {
            return fresh.Catalog;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is { } loaded && time.GetUtcNow() - loaded.LoadedAt < options.Value.CatalogRefresh)
            {
                return loaded.Catalog;
            }

            using var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken);
            var catalog = new InstanceCatalog(await capacity.GetInstanceTypesAsync(call.Token));
            _loaded = (catalog, time.GetUtcNow());
            return catalog;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
