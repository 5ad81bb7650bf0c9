using Extender.Core.Capacity;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Catalog;

/// <summary>
/// Offerings EC2 recently could not fill, kept out of plans for a while. An entry with a null type or zone covers all
/// types or zones of its capacity type (a quota).
/// </summary>
internal sealed class UnavailableOfferings(TimeProvider time, IOptions<AwsCapacityOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnavailableOffering, DateTimeOffset> _until = [];

    public void Mark(IEnumerable<UnavailableOffering> offerings)
    {
        var until = time.GetUtcNow() + options.Value.UnavailableOfferingTtl;
        lock (_gate)
        {
            foreach (var offering in offerings)
            {
                _until[offering] = until;
            }
        }
    }

    public bool IsUnavailable(string instanceType, string zone, string capacityType)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Active(new(instanceType, zone, capacityType), now) || Active(new(null, null, capacityType), now)
                || Active(new(instanceType, null, capacityType), now) || Active(new(null, zone, capacityType), now);
        }
    }

    private bool Active(UnavailableOffering key, DateTimeOffset now) => _until.TryGetValue(key, out var until) && until > now;
}
