using Extender.Core.Claims;
using Extender.Core.Disruption;
using Extender.Core.Interruption;
using Extender.Core.Planning;

namespace Extender.Core.Tests.Interruption;

public sealed class RebalanceRecommendationsTests
{
    [Theory]
    [InlineData("Replace", true)]
    [InlineData("replace", true)]
    [InlineData("Event", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OptsIn_OnlyReplace(string? annotation, bool optsIn) => Assert.Equal(optsIn, RebalanceRecommendations.OptsIn(annotation));

    // A recommended claim drifts only while its pool opts in; an opted-in pool drifts no claim EC2 said nothing about.
    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    public void Drift_RecommendedAndOptedIn(bool optedIn, bool recommended, bool drifts)
    {
        var pool = new NodePool { Name = "spot", ReplacesOnRebalanceRecommendation = optedIn };
        var claim = new NodeClaim
        {
            Name = "spot-abc12",
            NodePool = "spot",
            NodeClass = "default",
            Annotations = recommended ? new Dictionary<string, string> { [RebalanceRecommendations.ClaimAnnotation] = "2026-12-04T22:00:00.0000000Z" } : new Dictionary<string, string>(),
        };

        var drift = RebalanceRecommendations.Drift(claim, pool);

        Assert.Equal(drifts, drift is not null);
        if (drift is not null)
        {
            Assert.Equal(DriftReasons.RebalanceRecommendation, drift.Reason);
            Assert.Contains("2026-12-04T22:00:00", drift.Message, StringComparison.Ordinal);
        }
    }
}
