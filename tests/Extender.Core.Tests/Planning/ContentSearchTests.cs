using Extender.Core.Planning;

namespace Extender.Core.Tests.Planning;

public sealed class ContentSearchTests
{
    [Theory]
    // The densest group first (6 for 6.5) leaves room for nothing else; two of the other fill the node exactly.
    [InlineData(new long[] { 10 }, new long[] { 6, 5 }, new[] { 6.5, 5.0 }, new[] { 1, 2 }, new[] { 0, 2 }, 10.0)]
    // Two resources: cpu-heavy and memory-heavy pods pair up; either alone leaves the other resource idle.
    [InlineData(new long[] { 4, 8 }, new long[] { 3, 1 }, new[] { 1.0, 1.0 }, new[] { 1, 1 }, new[] { 1, 1 }, 2.0)]
    // Never more pods of a group than are available.
    [InlineData(new long[] { 100 }, new long[] { 10, 30 }, new[] { 1.0, 2.0 }, new[] { 2, 5 }, new[] { 1, 3 }, 7.0)]
    public void Run_FromEmptyStart_FindsTheMostValuableContent(long[] capacity, long[] sizes, double[] values, int[] available, int[] expected, double expectedValue)
    {
        // One resource axis per capacity entry; the second axis of a two-axis case is memory, complementary to cpu.
        var demands = sizes.Select((s, g) => capacity.Length == 1 ? new[] { s } : g == 0 ? new[] { s, 1L } : new[] { s, 7L }).ToArray();
        var search = new ContentSearch(capacity, demands, values, available, budget: 10_000);

        search.Run(new int[sizes.Length], 0, 0);

        Assert.Equal(expected, search.Best);
        Assert.Equal(expectedValue, search.BestValue, 9);
    }
}
