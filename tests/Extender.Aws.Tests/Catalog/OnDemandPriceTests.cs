using Extender.Aws.Catalog;

namespace Extender.Aws.Tests.Catalog;

public sealed class OnDemandPriceTests
{
    [Theory]
    [InlineData("m5.large", "0.096")]
    [InlineData("c5.large", "0.085")]
    public void Load_EmbeddedTable_HasPublishedUsEast1Prices(string type, string price)
    {
        Assert.True(EmbeddedOnDemandPrices.Load().TryGetPrice(type, out var actual));
        Assert.Equal(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), actual);
    }

    [Fact]
    public void Load_File_ReadsNamesAndPrices()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"region":"eu-west-1","instanceTypes":[{"name":"m5.large","onDemandPricePerHour":0.107}]}""");

        var table = OnDemandPriceTable.Load(path);
        File.Delete(path);

        Assert.True(table.TryGetPrice("m5.large", out var price));
        Assert.Equal(0.107m, price);
        Assert.False(table.TryGetPrice("c5.large", out _));
    }
}
