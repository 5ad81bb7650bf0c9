using Extender.Core.Resources;

namespace Extender.Core.Tests.Resources;

public sealed class ResourceListTests
{
    [Fact]
    public void Add_DisjointAndSharedNames_MergesSortedAndDropsZeros()
    {
        var a = ResourceList.Of(("memory", 4_000), ("cpu", 1_000));
        var b = ResourceList.Of(("cpu", 500), ("nvidia.com/gpu", 1_000));

        var sum = a.Add(b);

        Assert.Equal(["cpu", "memory", "nvidia.com/gpu"], sum.Select(e => e.Key));
        Assert.Equal(1_500, sum["cpu"]);
        Assert.Equal(ResourceList.Of(("memory", 4_000)), sum.Subtract(ResourceList.Of(("cpu", 1_500), ("nvidia.com/gpu", 1_000))));
    }

    [Theory]
    [InlineData("cpu=1000,memory=2000", "cpu=1000,memory=2000", true)]
    [InlineData("cpu=1001", "cpu=1000,memory=2000", false)]
    [InlineData("example.com/dongle=1", "cpu=1000", false)]
    [InlineData("", "", true)]
    public void FitsIn_RequestAgainstCapacity_ComparesEveryEntry(string request, string capacity, bool expected) =>
        Assert.Equal(expected, Parse(request).FitsIn(Parse(capacity)));

    [Fact]
    public void Shortfalls_SeveralOverCapacity_NamesThemInNameOrder() =>
        Assert.Equal(["cpu", "memory"], Parse("memory=3,cpu=2,pods=1").Shortfalls(Parse("cpu=1,memory=2,pods=1")));

    [Fact]
    public void Max_PerEntry_TakesLargerOfEach() =>
        Assert.Equal(Parse("cpu=2,memory=5"), Parse("cpu=2,memory=1").Max(Parse("cpu=1,memory=5")));

    [Fact]
    public void Parse_BadQuantity_ThrowsNamingResource()
    {
        var error = Assert.Throws<FormatException>(() => ResourceList.Parse(new Dictionary<string, string> { ["memory"] = "lots" }));

        Assert.Contains("memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_MemoryLikeNames_UseBinarySuffixes() =>
        Assert.Equal("cpu=1500m memory=4Gi pods=1", ResourceList.Parse(new Dictionary<string, string> { ["pods"] = "1", ["memory"] = "4Gi", ["cpu"] = "1.5" }).ToString());

    private static ResourceList Parse(string text) =>
        ResourceList.From(text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('='))
            .Select(kv => KeyValuePair.Create(kv[0], long.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture))));
}
