using Extender.Core.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Catalog;

/// <summary>
/// The provider's live catalog: instance types and their zones (refreshed every few hours), spot prices (every few
/// minutes), on-demand prices from the price table, and offerings that recently failed marked unavailable.
/// A failed refresh keeps the last good data.
/// </summary>
internal sealed class Ec2Catalog(
    Ec2CatalogReader reader, IOnDemandPrices onDemandPrices, UnavailableOfferings unavailable,
    IOptions<AwsCapacityOptions> options, ILogger<Ec2Catalog> logger) : IDisposable
{
    private readonly NodeOverhead _overhead = new(options.Value.MaxPods, options.Value.RootVolumeGiB);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile TypeData? _types;
    private volatile IReadOnlyDictionary<(string Type, string Zone), decimal> _spotPrices = new Dictionary<(string, string), decimal>();
    private volatile bool _spotPricesLoaded;

    public bool IsLoaded => _types is not null;

    public void Dispose() => _loadGate.Dispose();

    public async Task<IReadOnlyList<InstanceType>> GetAsync(CancellationToken cancellationToken)
    {
        // Both halves are checked: the refresh loop may have loaded the instance types first, and a catalog without
        // spot prices would offer no spot at all until the next spot refresh.
        if (_types is null || !_spotPricesLoaded)
        {
            await _loadGate.WaitAsync(cancellationToken);
            try
            {
                if (_types is null)
                {
                    await LoadInstanceTypesAsync(cancellationToken);
                }

                if (!_spotPricesLoaded)
                {
                    await LoadSpotPricesAsync(cancellationToken);
                }
            }
            finally
            {
                _loadGate.Release();
            }
        }

        return Build(_types!, _spotPrices);
    }

    /// <summary>The architecture of a known type, for choosing the AMI; null before the first load or for unknown types.</summary>
    public string? ArchitectureOf(string instanceType) =>
        _types?.Facts.TryGetValue(instanceType, out var facts) == true ? facts.Architecture : null;

    public async Task<bool> RefreshInstanceTypesAsync(CancellationToken cancellationToken) =>
        await TryRefreshAsync("instance types", LoadInstanceTypesAsync, cancellationToken);

    public async Task<bool> RefreshSpotPricesAsync(CancellationToken cancellationToken) =>
        await TryRefreshAsync("spot prices", LoadSpotPricesAsync, cancellationToken);

    private async Task<bool> TryRefreshAsync(string part, Func<CancellationToken, Task> load, CancellationToken cancellationToken)
    {
        try
        {
            await load(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AwsLog.CatalogRefreshFailed(logger, part, e);
            return false;
        }
    }

    private async Task LoadInstanceTypesAsync(CancellationToken cancellationToken)
    {
        var facts = await reader.ReadInstanceTypesAsync(cancellationToken);
        var zones = await reader.ReadZonesAsync(cancellationToken);
        _types = new TypeData(facts.ToDictionary(f => f.Name, StringComparer.Ordinal), zones);
        AwsLog.CatalogRefreshed(logger, facts.Count, _spotPrices.Count);
    }

    private async Task LoadSpotPricesAsync(CancellationToken cancellationToken)
    {
        _spotPrices = await reader.ReadSpotPricesAsync(cancellationToken);
        _spotPricesLoaded = true;
    }

    private List<InstanceType> Build(TypeData types, IReadOnlyDictionary<(string Type, string Zone), decimal> spot) =>
        [.. types.Facts.Values
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => (Facts: f, Labels: InstanceTypeLabels.For(f, options.Value.Region), Allocatable: _overhead.Allocatable(f)))
            .Select(t => new InstanceType
            {
                Name = t.Facts.Name,
                Labels = t.Labels,
                Allocatable = t.Allocatable,
                Capacity = MachineCapacity.FromLabels(t.Labels, t.Allocatable),
                Offerings = Offerings(t.Facts.Name, types.Zones.GetValueOrDefault(t.Facts.Name, []), spot),
            })
            .Where(t => t.Offerings.Count > 0)];

    private List<Offering> Offerings(string type, IReadOnlyList<string> zones, IReadOnlyDictionary<(string Type, string Zone), decimal> spot)
    {
        var offerings = new List<Offering>();
        foreach (var zone in zones)
        {
            if (onDemandPrices.TryGetPrice(type, out var onDemand))
            {
                offerings.Add(new Offering(zone, CapacityTypes.OnDemand, onDemand, !unavailable.IsUnavailable(type, zone, CapacityTypes.OnDemand)));
            }

            if (spot.TryGetValue((type, zone), out var spotPrice))
            {
                offerings.Add(new Offering(zone, CapacityTypes.Spot, spotPrice, !unavailable.IsUnavailable(type, zone, CapacityTypes.Spot)));
            }
        }

        return offerings;
    }

    private sealed record TypeData(IReadOnlyDictionary<string, InstanceTypeFacts> Facts, IReadOnlyDictionary<string, IReadOnlyList<string>> Zones);
}
