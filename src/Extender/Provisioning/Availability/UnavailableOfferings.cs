using System.Collections.Concurrent;
using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Availability;

/// <summary>
/// Offerings that recently had no capacity, overlaid on the catalog so that the planner and the launch options skip
/// them until their TTL runs out. A null instance type or zone widens the mark (e.g. an account-wide spot limit).
/// </summary>
internal sealed class UnavailableOfferings(IOptions<AvailabilityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<UnavailableOffering, DateTimeOffset> _until = new();
    private int _version;
    private Overlay? _last;

    public void Mark(IEnumerable<UnavailableOffering> offerings)
    {
        var until = time.GetUtcNow() + options.Value.UnavailableOfferingTtl;
        foreach (var offering in offerings)
        {
            _until[offering] = until;
        }

        Interlocked.Increment(ref _version);
    }

    public bool IsAvailable(string instanceType, string zone, string capacityType)
    {
        if (_until.IsEmpty)
        {
            return true;
        }

        var now = time.GetUtcNow();
        return !(Marked(new(instanceType, zone, capacityType), now) || Marked(new(instanceType, null, capacityType), now)
            || Marked(new(null, zone, capacityType), now) || Marked(new(null, null, capacityType), now));
    }

    /// <summary>
    /// The catalog with marked offerings unavailable. The same instance comes back until a mark is added or runs out,
    /// so that the planner keeps what it derived from it (<see cref="Extender.Core.Planning.Planner"/>).
    /// </summary>
    public InstanceCatalog Apply(InstanceCatalog catalog)
    {
        if (_until.IsEmpty)
        {
            return catalog;
        }

        var version = Volatile.Read(ref _version);
        var now = time.GetUtcNow();
        if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Source, catalog) && last.Version == version && now < last.ValidUntil)
        {
            return last.Result;
        }

        var result = catalog.WithOfferings(t => [.. t.Offerings.Select(o => o.Available && !IsAvailable(t.Name, o.Zone, o.CapacityType) ? o with { Available = false } : o)]);
        var validUntil = _until.Values.Where(until => until > now).DefaultIfEmpty(now).Min();
        Volatile.Write(ref _last, new Overlay(catalog, version, validUntil, result));
        return result;
    }

    private bool Marked(UnavailableOffering key, DateTimeOffset now)
    {
        if (!_until.TryGetValue(key, out var until))
        {
            return false;
        }

        if (until > now)
        {
            return true;
        }

        _until.TryRemove(KeyValuePair.Create(key, until));
        return false;
    }

    private sealed record Overlay(InstanceCatalog Source, int Version, DateTimeOffset ValidUntil, InstanceCatalog Result);
}
