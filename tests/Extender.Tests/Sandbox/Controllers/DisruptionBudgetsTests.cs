using Extender.Sandbox.Controllers;
using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>
/// The disruption controller's status computation, after upstream's disruption_test.go (TestNoSelector,
/// TestUnavailable, TestIntegerMaxUnavailable, TestReplicaSet, the percentage and disrupted-pods cases).
/// </summary>
public sealed class DisruptionBudgetsTests
{
    private static (string Uid, int Scale)? ScaleOf(V1Pod pod, int scale) => Owners.ControllerOf(pod.Metadata) is { } owner ? (owner.Uid, scale) : null;

    [Theory]
    // minAvailable, maxUnavailable, pods, ready, scale → allowed, currentHealthy, desiredHealthy, expectedPods
    [InlineData("3", null, 0, 0, 0, 0, 0, 3, 0)] // no pods: nothing allowed
    [InlineData("3", null, 1, 1, 1, 0, 1, 3, 1)]
    [InlineData("3", null, 4, 4, 4, 1, 4, 3, 4)] // TestUnavailable: four ready pods allow one disruption
    [InlineData("3", null, 4, 3, 4, 0, 3, 3, 4)] // ... one unready: none
    [InlineData(null, "1", 3, 3, 3, 1, 3, 2, 3)] // TestIntegerMaxUnavailable: expected pods from the controller's scale
    [InlineData(null, "1", 2, 2, 3, 0, 2, 2, 3)] // a replica missing already uses the budget up
    [InlineData(null, "30%", 10, 10, 10, 3, 10, 7, 10)] // maxUnavailable rounds up
    [InlineData("50%", null, 5, 5, 5, 2, 5, 3, 5)] // minAvailable percent rounds up too
    [InlineData("28%", null, 7, 7, 7, 5, 7, 2, 7)] // 28% of 7 = 1.96, rounded up to 2
    public void Compute_MatchesUpstreamsArithmetic(string? minAvailable, string? maxUnavailable, int pods, int ready, int scale, int allowed, int current, int desired, int expected)
    {
        var status = DisruptionBudgets.Compute(Fixtures.Budget(minAvailable, maxUnavailable), Fixtures.Pods(pods, ready), p => ScaleOf(p, scale), Fixtures.Now);

        Assert.Equal((allowed, current, desired, expected), (status.DisruptionsAllowed, status.CurrentHealthy, status.DesiredHealthy, status.ExpectedPods));
    }

    [Fact]
    public void Compute_PodsOfOneControllerCountItsScaleOnce()
    {
        var pods = Fixtures.Pods(4, 4);

        var status = DisruptionBudgets.Compute(Fixtures.Budget(maxUnavailable: "1"), pods, p => ScaleOf(p, 4), Fixtures.Now);

        Assert.Equal(4, status.ExpectedPods);
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("50%", null)]
    public void Compute_PodWithoutControllerWhenTheScaleIsNeeded_FailsLikeUpstream(string? minAvailable, string? maxUnavailable)
    {
        var pods = new[] { Fixtures.Pod("orphan", ownerUid: null) };

        var error = Assert.Throws<InvalidOperationException>(() => DisruptionBudgets.Compute(Fixtures.Budget(minAvailable, maxUnavailable), pods, p => ScaleOf(p, 1), Fixtures.Now));
        Assert.Equal("found no controller ref for pod \"orphan\"", error.Message);
    }

    [Fact]
    public void Compute_IntegerMinAvailable_NeedsNoController()
    {
        var pods = new[] { Fixtures.Pod("orphan-1", ownerUid: null), Fixtures.Pod("orphan-2", ownerUid: null) };

        var status = DisruptionBudgets.Compute(Fixtures.Budget(minAvailable: "1"), pods, _ => null, Fixtures.Now);

        Assert.Equal((1, 2, 1, 2), (status.DisruptionsAllowed, status.CurrentHealthy, status.DesiredHealthy, status.ExpectedPods));
    }

    [Fact]
    public void Compute_RecentlyEvictedAndDeletingPods_AreNotHealthy_UntilTheTimeoutLapses()
    {
        var pods = Fixtures.Pods(5, 5).ToList();
        pods[0].Metadata.DeletionTimestamp = Fixtures.Now.UtcDateTime;
        var budget = Fixtures.Budget(minAvailable: "2");
        budget.Status = new V1PodDisruptionBudgetStatus
        {
            DisruptedPods = new Dictionary<string, DateTime?>
            {
                ["web-1"] = Fixtures.Now.UtcDateTime.AddSeconds(-30), // recent: not healthy
                ["web-2"] = Fixtures.Now.UtcDateTime.AddMinutes(-3), // lapsed: healthy again, and dropped
                ["gone"] = Fixtures.Now.UtcDateTime.AddSeconds(-5), // no such pod: dropped
            },
        };

        var status = DisruptionBudgets.Compute(budget, pods, p => ScaleOf(p, 5), Fixtures.Now);

        Assert.Equal(3, status.CurrentHealthy);
        Assert.Equal(1, status.DisruptionsAllowed);
        Assert.Equal(["web-1"], status.DisruptedPods.Keys);
        Assert.Equal(Fixtures.Now.AddSeconds(90), status.RecheckAt);
    }
}
