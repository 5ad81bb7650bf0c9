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

    public void Mark(IEnumerable<UnavailableOffering> offerings)
    {
        var until = time.GetUtcNow() + options.Value.UnavailableOfferingTtl;
        foreach (var offering in offerings)
        {
            _until[offering] = until;
        }
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

    public InstanceCatalog Apply(InstanceCatalog catalog) =>
        _until.IsEmpty
            ? catalog
            : catalog.WithOfferings(t => [.. t.Offerings.Select(o => o.Available && !IsAvailable(t.Name, o.Zone, o.CapacityType) ? o with { Available = false } : o)]);

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
}
