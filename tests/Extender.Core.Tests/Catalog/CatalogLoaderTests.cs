using Extender.Core.Catalog;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    [Fact]
    public void DefaultCatalog_Load_MapsLabelsAndOffersOnDemandInThreeZones()
    {
        var catalog = DefaultCatalog.Load();
        var m5 = catalog.Find("m5.large")!;

        Assert.True(catalog.InstanceTypes.Count > 1000);
        Assert.Equal("m5", m5.Labels[WellKnownLabels.InstanceFamily]);
        Assert.DoesNotContain(m5.Labels.Keys, k => k.StartsWith("karpenter", StringComparison.Ordinal));
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], m5.Offerings.Select(o => o.Zone));
        Assert.All(m5.Offerings, o => Assert.Equal(CapacityTypes.OnDemand, o.CapacityType));
        Assert.Equal(2000, m5.Capacity![ResourceNames.Cpu]);
        Assert.True(m5.Allocatable[ResourceNames.Cpu] < 2000);
    }

    [Fact]
    public void Load_WithSpotDiscount_AddsSpotOfferingsAtTheFraction()
    {
        var catalog = DefaultCatalog.Load(SpotPrices.Discount(0.3m));
        var m5 = catalog.Find("m5.large")!;
        var onDemand = m5.Offerings.First(o => o.CapacityType == CapacityTypes.OnDemand).PricePerHour;

        Assert.Equal(3, m5.Offerings.Count(o => o.CapacityType == CapacityTypes.Spot));
        Assert.All(m5.Offerings.Where(o => o.CapacityType == CapacityTypes.Spot), o => Assert.Equal(decimal.Round(onDemand * 0.3m, 6), o.PricePerHour));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"instanceTypes\":[]}", "\"region\"")]
    [InlineData("{\"region\":\"r\",\"instanceTypes\":[{\"name\":\"x.large\",\"labels\":{},\"allocatable\":{}}]}", "\"x.large\": field \"onDemandPricePerHour\"")]
    [InlineData("{\"region\":\"r\",\"instanceTypes\":[{\"name\":\"x.large\",\"onDemandPricePerHour\":1,\"labels\":{},\"allocatable\":{\"cpu\":\"lots\"}}]}", "\"x.large\": field \"allocatable\"")]
    public void Load_BadDocument_ThrowsNamingTypeAndField(string json, string expected)
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogLoader.Load(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
