using Extender.Core.Simulation;

namespace Extender.Core.Tests.Simulation;

public sealed class KnapsackTests
{
    /// <summary>Random small instances over two resources, 40 seeds, against trying every content.</summary>
    [Fact]
    public void Best_SmallInstances_IsTheOptimumOfTryingEveryContent()
    {
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed);
            var capacity = new[] { 4 + random.Next(8), 8.0 + random.Next(16) };
            var demands = Enumerable.Range(0, 4).Select(_ => new[] { 0.5 + random.Next(6), 1.0 + random.Next(10) }).ToArray();
            var values = demands.Select(_ => random.NextDouble()).ToArray();
            var limits = demands.Select(_ => (double)random.Next(1, 5)).ToArray();

            var (bound, content, value) = Knapsack.Best(capacity, demands, values, limits, new double[4], double.PositiveInfinity, 0);

            var optimum = BruteForce(capacity, demands, values, limits);
            Assert.True(Math.Abs(optimum - bound) < 1e-9, $"seed {seed}: bound {bound}, optimum {optimum}");
            Assert.Equal(optimum, value, 9);
            Assert.Equal(value, content.Select((k, i) => k * values[i]).Sum(), 9);
            for (var r = 0; r < capacity.Length; r++)
            {
                Assert.True(content.Select((k, i) => k * demands[i][r]).Sum() <= capacity[r] + 1e-9);
            }
        }
    }

    [Fact]
    public void Best_NothingBeatsWhatTheCallerNeeds_ReturnsThatAsTheBound()
    {
        var (bound, _, value) = Knapsack.Best([4], [[3]], [1.0], [5], [0], double.PositiveInfinity, enough: 1.5);

        Assert.Equal(1.5, bound);
        Assert.Equal(0, value);
    }

    [Fact]
    public void Best_SearchCutShort_ReturnsTheCallersUpperBound()
    {
        // Many sizes of nearly equal value and awkward demands: far more branches than the budget.
        var demands = Enumerable.Range(0, 12).Select(i => new[] { 1.0 + (i * 0.013) }).ToArray();
        var values = demands.Select(d => d[0] * 1.0001).ToArray();
        var limits = demands.Select(_ => 40.0).ToArray();

        var (bound, _, value) = Knapsack.Best([100.5], demands, values, limits, new double[12], upperBound: 123.0, enough: 0);

        Assert.Equal(123.0, bound);
        Assert.True(value <= bound);
    }

    private static double BruteForce(double[] capacity, double[][] demands, double[] values, double[] limits)
    {
        var best = 0.0;
        var content = new int[demands.Length];
        void Try(int i)
        {
            if (i == demands.Length)
            {
                if (Enumerable.Range(0, capacity.Length).All(r => content.Select((k, j) => k * demands[j][r]).Sum() <= capacity[r]))
                {
                    best = Math.Max(best, content.Select((k, j) => k * values[j]).Sum());
                }

                return;
            }

            for (var k = 0; k <= limits[i]; k++)
            {
                content[i] = k;
                Try(i + 1);
            }
        }

        Try(0);
        return best;
    }
}
