using Extender.Core.Interruption;

namespace Extender.Core.Tests.Interruption;

public sealed class ImpairmentTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    private static ImpairedInstance I(string id) => new(id, "system");

    /// <summary>
    /// Checks one minute apart, two minutes' toleration: each row is the set impaired at that check and the set due
    /// (ids answered as soon as they are due).
    /// </summary>
    [Theory]
    [InlineData("a|a|a", "||a")]
    [InlineData("a|a|a|a|a", "||a||")]
    [InlineData("a|a||a|a|a", "|||||a")]
    [InlineData("a|a,b|a,b|b|b", "||a|b|")]
    [InlineData("a||a||a", "||||")]
    public void Observe_DueOnlyAfterTheTolerationOfUnbrokenImpairment(string checks, string expected)
    {
        var tracker = new ImpairmentTracker(TimeSpan.FromMinutes(2));
        var due = new List<string>();
        var rows = checks.Split('|');
        for (var i = 0; i < rows.Length; i++)
        {
            var impaired = rows[i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(I).ToList();
            var now = tracker.Observe(impaired, Start.AddMinutes(i));
            foreach (var instance in now)
            {
                tracker.Answered(instance.InstanceId);
            }

            due.Add(string.Join(',', now.Select(d => d.InstanceId)));
        }

        Assert.Equal(expected, string.Join('|', due));
    }

    [Fact]
    public void Observe_NotAnswered_StaysDue()
    {
        var tracker = new ImpairmentTracker(TimeSpan.Zero);

        Assert.Single(tracker.Observe([I("a")], Start));
        Assert.Single(tracker.Observe([I("a")], Start.AddMinutes(1)));
        tracker.Answered("a");
        Assert.Empty(tracker.Observe([I("a")], Start.AddMinutes(2)));
    }

    [Fact]
    public void Observe_AnsweredThenRecoveredThenImpairedAgain_DueAgain()
    {
        var tracker = new ImpairmentTracker(TimeSpan.Zero);
        tracker.Answered(Assert.Single(tracker.Observe([I("a")], Start)).InstanceId);

        Assert.Empty(tracker.Observe([], Start.AddMinutes(1)));

        Assert.Single(tracker.Observe([I("a")], Start.AddMinutes(2)));
    }

    [Fact]
    public void Response_Impaired_DeletesTheClaimWithoutMarkingTheOffering() =>
        Assert.Equal(InterruptionAction.Delete, InterruptionResponse.For(InterruptionKind.InstanceImpaired));
}
