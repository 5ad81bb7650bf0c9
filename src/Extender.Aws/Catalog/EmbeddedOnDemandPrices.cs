using Extender.Core.Catalog;

namespace Extender.Aws.Catalog;

/// <summary>The default price table: on-demand prices of the catalog embedded in Core (us-east-1 Linux).</summary>
internal static class EmbeddedOnDemandPrices
{
    public static OnDemandPriceTable Load() => new(DefaultCatalog.Load().InstanceTypes
        .Select(t => (t.Name, Offering: t.Offerings.FirstOrDefault(o => o.CapacityType == CapacityTypes.OnDemand)))
        .Where(t => t.Offering is not null)
        .ToDictionary(t => t.Name, t => t.Offering!.PricePerHour, StringComparer.Ordinal));
}
