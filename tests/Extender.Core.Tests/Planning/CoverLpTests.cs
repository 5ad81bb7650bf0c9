using Extender.Core.Planning;

namespace Extender.Core.Tests.Planning;

public sealed class CoverLpTests
{
    [Theory]
    [InlineData(new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, 1.0, 3.0)]
    [InlineData(new[] { 4, 2 }, new[] { 2, 2 }, new[] { 2, 1 }, 1.5, 3.0)]
    [InlineData(new[] { 4, 4 }, new[] { 4, 4 }, new[] { 1, 1 }, 1.0, 2.0)]
    public void Solve_MixedColumn_BuysTheCheapestCover(int[] demand, int[] singleCounts, int[] mixed, double mixedPrice, double expectedCost)
    {
        var lp = new CoverLp(demand, [(singleCounts[0], 1.0), (singleCounts[1], 1.0)]);
        lp.Add(mixed, mixedPrice);

        var duals = lp.Solve(maxPivots: 100);

        var amounts = lp.Amounts();
        var cost = lp.Columns.Select((c, j) => c.Price * amounts[j]).Sum();
        Assert.Equal(expectedCost, cost, 9);
        Assert.Equal(expectedCost, duals.Select((d, g) => d * demand[g]).Sum(), 9);
        for (var g = 0; g < demand.Length; g++)
        {
            Assert.True(lp.Columns.Select((c, j) => c.Content[g] * amounts[j]).Sum() >= demand[g] - 1e-9);
        }
    }
}
