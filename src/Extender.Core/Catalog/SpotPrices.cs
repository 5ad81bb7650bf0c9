namespace Extender.Core.Catalog;

/// <summary>Ready-made <see cref="SpotPriceSource"/>s.</summary>
public static class SpotPrices
{
    /// <summary>Spot at a fixed fraction of the on-demand price in every zone (the demo's simulated market).</summary>
    public static SpotPriceSource Discount(decimal fractionOfOnDemand)
    {
        if (fractionOfOnDemand is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fractionOfOnDemand), fractionOfOnDemand, "spot price fraction must be in (0, 1]");
        }

        return (_, _, onDemand) => decimal.Round(onDemand * fractionOfOnDemand, 6);
    }

    /// <summary>Spot prices from a table keyed by (instance type, zone); pairs not in the table have no spot offering.</summary>
    public static SpotPriceSource FromTable(IReadOnlyDictionary<(string InstanceType, string Zone), decimal> prices) =>
        (type, zone, _) => prices.TryGetValue((type, zone), out var price) ? price : null;
}
