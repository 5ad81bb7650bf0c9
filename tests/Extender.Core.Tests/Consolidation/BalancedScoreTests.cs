using Extender.Core.Consolidation;

namespace Extender.Core.Tests.Consolidation;

/// <summary>Karpenter's ScoreMove table (balanced_test.go): its RFC pool of ten nodes, $58.08/day, disruption 90.</summary>
public sealed class BalancedScoreTests
{
    [Theory]
    [InlineData(7.26, 4.0, 58.08, 90, true)] // oversized node replaced
    [InlineData(4.84, 5.0, 58.08, 90, true)] // spare capacity deleted
    [InlineData(2.42, 9.0, 58.08, 90, false)] // marginal move
    [InlineData(0.0, 11.0, 58.08, 90, false)] // well packed, no savings
    [InlineData(2.42, 9.0, 48.40, 90, true)] // the same move in a uniform pool
    [InlineData(4.84, 5.0, 58.08, 117, true)] // low-disruption node of a varied pool
    [InlineData(4.84, 32.0, 58.08, 117, false)] // high-disruption node of the same pool
    [InlineData(4.84, 0.0, 58.08, 90, true)] // no disruption: infinite score
    [InlineData(0.0, 0.0, 58.08, 90, false)]
    [InlineData(4.84, 5.0, 0, 90, false)] // a pool that costs nothing approves nothing
    [InlineData(4.84, 4.0, 48.40, 90, true)] // on-demand pool ...
    [InlineData(1.45, 4.0, 14.50, 90, true)] // ... and the proportional spot move
    public void Approved_KarpentersTable(double savings, double disruption, double poolCost, double poolDisruption, bool approved) =>
        Assert.Equal(approved, BalancedScore.Approved(savings, disruption, poolCost, poolDisruption));

    [Fact]
    public void Score_IsScaleInvariant()
    {
        var ten = BalancedScore.Score(7.26, 4.0, 58.08, 90);
        var hundred = BalancedScore.Score(7.26, 4.0, 580.80, 900);

        Assert.Equal(ten, hundred, 6);
        Assert.Equal((7.26 / 58.08) / (4.0 / 90), ten, 6);
    }
}
