using Extender.Core.Consolidation;

namespace Extender.Core.Tests.Consolidation;

public sealed class DominanceTests
{
    [Fact]
    public void AnyAtLeast_RandomPoints_AnswersAsCheckingEveryPoint()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var points = Enumerable.Range(0, random.Next(0, 12)).Select(_ => ((long)random.Next(-5, 6), (long)random.Next(-5, 6))).ToList();
            var index = new Dominance(points);
            for (var query = 0; query < 20; query++)
            {
                var (x, y) = ((long)random.Next(-6, 7), (long)random.Next(-6, 7));

                Assert.Equal(points.Exists(p => p.Item1 >= x && p.Item2 >= y), index.AnyAtLeast(x, y));
            }
        }
    }
}
