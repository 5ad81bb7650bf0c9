namespace Extender.Aws.Catalog;

/// <summary>On-demand Linux prices per instance type for the configured region (EC2 itself does not publish them).</summary>
public interface IOnDemandPrices
{
    bool TryGetPrice(string instanceType, out decimal pricePerHour);
}
