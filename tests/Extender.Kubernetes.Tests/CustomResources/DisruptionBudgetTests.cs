using Extender.Core.Disruption;
using Extender.Kubernetes.CustomResources;

namespace Extender.Kubernetes.Tests.CustomResources;

/// <summary>Karpenter's budget table (pkg/apis/v1/nodepool_budgets_test.go), over the budgets as the NodePool mapper reads them.</summary>
public sealed class DisruptionBudgetTests
{
    // Mid-2000, as upstream's table sets its clock.
    private static readonly DateTimeOffset Now = new(2000, 6, 15, 12, 30, 30, TimeSpan.Zero);
    private static readonly string[] AllReasons = [DisruptionReasons.Empty, DisruptionReasons.Underutilized, DisruptionReasons.Drifted];

    /// <summary>Upstream's six budgets; <paramref name="change"/> edits them before they are mapped.</summary>
    private static List<DisruptionBudget> Budgets(Action<List<NodePoolBudget>>? change = null, int take = 6)
    {
        var budgets = new List<NodePoolBudget>
        {
            new() { Nodes = "10", Schedule = "* * * * *", Duration = "1h" },
            new() { Nodes = "100", Schedule = "* * * * *", Duration = "1h" },
            new() { Nodes = "100%", Schedule = "* * * * *", Duration = "1h" },
            new() { Nodes = "15", Schedule = "* * * * *", Duration = "1h", Reasons = [DisruptionReasons.Drifted, DisruptionReasons.Underutilized] },
            new() { Nodes = "5", Schedule = "* * * * *", Duration = "1h", Reasons = [DisruptionReasons.Drifted] },
            new() { Nodes = "0", Schedule = "@weekly", Duration = "1h", Reasons = [DisruptionReasons.Underutilized, DisruptionReasons.Drifted, DisruptionReasons.Empty] },
        };
        change?.Invoke(budgets);
        return [.. budgets.Take(take).Select(CronBudgetSchedule.Budget)];
    }

    [Fact]
    public void AllowedFor_BudgetActiveForAllReasons_AllowsNothing()
    {
        var budgets = Budgets(b => b[5].Schedule = "* * * * *");

        Assert.All(AllReasons, r => Assert.Equal(0, DisruptionBudget.AllowedFor(budgets, r, 100, 0, Now)));
    }

    [Fact]
    public void AllowedFor_NoActiveBudget_IsUnlimited()
    {
        var budgets = Budgets(b => b.ForEach(x => x.Schedule = "@yearly"));

        Assert.All(AllReasons, r => Assert.Equal(int.MaxValue, DisruptionBudget.AllowedFor(budgets, r, 100, 0, Now)));
    }

    [Fact]
    public void AllowedFor_ReasonBudgetsInactive_AreIgnored()
    {
        var budgets = Budgets(b => (b[3].Schedule, b[4].Schedule) = ("@yearly", "@yearly"));

        Assert.All(AllReasons, r => Assert.Equal(10, DisruptionBudget.AllowedFor(budgets, r, 100, 0, Now)));
    }

    [Fact]
    public void AllowedFor_BudgetWithoutReasons_AppliesToEveryReason()
    {
        var budgets = Budgets(take: 1);

        Assert.All(AllReasons, r => Assert.Equal(10, DisruptionBudget.AllowedFor(budgets, r, 100, 0, Now)));
    }

    [Theory]
    [InlineData(DisruptionReasons.Empty, 4)]
    [InlineData(DisruptionReasons.Drifted, 5)]
    [InlineData(DisruptionReasons.Underutilized, 10)]
    public void AllowedFor_SeveralBudgets_TakesTheMinimumForEachReason(string reason, int expected)
    {
        var budgets = Budgets(b => b.Add(new NodePoolBudget { Nodes = "4", Schedule = "* * * * *", Duration = "1h", Reasons = [DisruptionReasons.Empty] }), take: 7);

        Assert.Equal(expected, DisruptionBudget.AllowedFor(budgets, reason, 100, 0, Now));
    }

    [Theory]
    [InlineData("10%", 10, 0, 1)]
    [InlineData("5%", 10, 0, 1)]
    [InlineData("20%", 200, 0, 40)]
    [InlineData("20%", 200, 15, 25)]
    [InlineData("3", 10, 5, 0)]
    [InlineData("0", 10, 0, 0)]
    public void AllowedFor_Percentages_RoundUpAndSubtractDisrupting(string nodes, int total, int disrupting, int expected)
    {
        DisruptionBudget[] budgets = [CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = nodes })];

        Assert.Equal(expected, DisruptionBudget.AllowedFor(budgets, DisruptionReasons.Empty, total, disrupting, Now));
    }

    [Theory]
    [InlineData("@wrongly")]
    [InlineData("0 0 * * tue-mon")]
    public void Allowed_InvalidSchedule_AllowsNothing(string schedule)
    {
        var budget = CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = "10", Schedule = schedule, Duration = "1h" });

        Assert.Equal(0, budget.Allowed(100, Now));
        Assert.NotNull(budget.Invalid);
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData("100%", 100)]
    public void Allowed_ActiveBudget_IsItsValue(string nodes, int expected) =>
        Assert.Equal(expected, CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = nodes, Schedule = "* * * * *", Duration = "1h" }).Allowed(100, Now));

    [Fact]
    public void Allowed_InactiveBudget_IsUnlimited() =>
        Assert.Equal(int.MaxValue, CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = "10", Schedule = "@yearly", Duration = "1h" }).Allowed(100, Now));

    [Theory]
    [InlineData("2000-05-31T00:00:00+01:00", "@daily", "30m", false)] // the clock's zone is ignored: 23:00 UTC
    [InlineData("2000-06-15T12:30:30Z", "@yearly", "1h", false)]
    [InlineData("1000-01-01T12:00:00Z", "@yearly", "24h", true)] // the hit is in the middle of the duration
    [InlineData("2024-01-07T00:00:00Z", "@daily", "48h", true)] // the duration is longer than the recurrence
    [InlineData("2024-01-07T00:00:00Z", "30 6 * * SUN", "6h", false)] // the hit comes after the window
    public void IsActive_ScheduleAndDuration_InUtc(string now, string schedule, string duration, bool expected)
    {
        var budget = CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = "10", Schedule = schedule, Duration = duration });

        Assert.Equal(expected, budget.Schedule!.IsActive(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Map_NoBudgetsListed_DefaultsToTenPercent()
    {
        var pool = NodePoolMapper.Map(new NodePoolResource
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "default" },
            Spec = new NodePoolSpec { Disruption = new NodePoolDisruption { ConsolidateAfter = "30s" } },
        });

        Assert.Equal(2, DisruptionBudget.AllowedFor(pool.Disruption.Budgets, DisruptionReasons.Empty, 20, 0, Now));
        Assert.Equal(TimeSpan.FromSeconds(30), pool.Disruption.ConsolidateAfter);
        Assert.Equal(TimeSpan.FromHours(720), pool.ExpireAfter);
    }

    [Fact]
    public void AllowedFor_MaxPerHour_BoundsStartsInTheRollingHourWhileTheScheduleIsActive()
    {
        var active = CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = "100%", MaxPerHour = "2", Schedule = "* * * * *", Duration = "1h" });
        var inactive = CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = "100%", MaxPerHour = "2", Schedule = "@yearly", Duration = "1h" });
        var invalid = CronBudgetSchedule.Budget(new NodePoolBudget { Nodes = "100%", MaxPerHour = "2", Schedule = "not a schedule", Duration = "1h" });
        StartedDisruption[] started = [new(DisruptionReasons.Drifted, Now.AddMinutes(-10))];

        Assert.Equal("2", active.MaxPerHour);
        Assert.Equal(1, DisruptionBudget.AllowedFor([active], DisruptionReasons.Drifted, 100, 0, Now, started));
        Assert.Equal(int.MaxValue, DisruptionBudget.AllowedFor([inactive], DisruptionReasons.Drifted, 100, 0, Now, started));
        Assert.Equal(0, DisruptionBudget.AllowedFor([invalid], DisruptionReasons.Drifted, 100, 0, Now, started));
    }
}
