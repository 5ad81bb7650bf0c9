using Extender.Sandbox.Controllers;
using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>The eviction decisions of upstream's TestEviction and TestEvictionIgnorePDB tables (pkg/registry/core/pod/storage).</summary>
public sealed class EvictionRulesTests
{
    public enum Outcome
    {
        DeletedWithoutBudget,
        Spent,
        Refused,
    }

    [Theory]
    [InlineData("Running", true, "web", 0, Outcome.Refused)] // matching budget, no disruptions allowed
    [InlineData("Pending", true, "web", 0, Outcome.DeletedWithoutBudget)]
    [InlineData("Succeeded", true, "web", 0, Outcome.DeletedWithoutBudget)]
    [InlineData("Failed", true, "web", 0, Outcome.DeletedWithoutBudget)]
    [InlineData("Running", true, "web", 1, Outcome.Spent)] // matching budget, a disruption allowed
    [InlineData("Running", true, "other", 0, Outcome.DeletedWithoutBudget)] // non-matching budget
    public void Evict_DecidesAsTheApiServer(string phase, bool ready, string budgetApp, int allowed, Outcome expected)
    {
        var pod = Fixtures.Pod("web-0", ready, phase);
        var budget = Fixtures.Budget(minAvailable: "1", app: budgetApp);
        budget.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = allowed, CurrentHealthy = 1, DesiredHealthy = 1, ObservedGeneration = 1 };

        Assert.Equal(expected, Decide(pod, [budget]));
    }

    [Theory]
    // Unready pods (upstream's UnhealthyPodEvictionPolicy cases): deleted without spending while the budget is met.
    [InlineData(null, 2, 2, Outcome.DeletedWithoutBudget)] // IfHealthyBudget, current >= desired
    [InlineData(null, 1, 2, Outcome.Refused)] // IfHealthyBudget, budget not met: it must be spent, and is empty
    [InlineData("IfHealthyBudget", 2, 2, Outcome.DeletedWithoutBudget)]
    [InlineData("AlwaysAllow", 1, 2, Outcome.DeletedWithoutBudget)]
    public void Evict_UnreadyPod_FollowsTheUnhealthyPodEvictionPolicy(string? policy, int currentHealthy, int desiredHealthy, Outcome expected)
    {
        var pod = Fixtures.Pod("web-0", ready: false);
        var budget = Fixtures.Budget(minAvailable: "2");
        budget.Spec.UnhealthyPodEvictionPolicy = policy;
        budget.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 0, CurrentHealthy = currentHealthy, DesiredHealthy = desiredHealthy, ObservedGeneration = 1 };

        Assert.Equal(expected, Decide(pod, [budget]));
    }

    [Fact]
    public void Spend_EmptyBudget_Refuses429WithUpstreamsMessageAndCause()
    {
        var budget = Fixtures.Budget(minAvailable: "3");
        budget.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 0, CurrentHealthy = 3, DesiredHealthy = 3, ObservedGeneration = 1 };

        var refusal = EvictionRules.Spend(budget, "web-0", Fixtures.Now);

        Assert.Equal(new EvictionRefusal(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget web-pdb needs 3 healthy pods and has 3 currently"), refusal);
    }

    [Fact]
    public void Spend_Allowed_DecrementsAndRecordsTheDisruptedPod()
    {
        var budget = Fixtures.Budget(minAvailable: "1");
        budget.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 2, ObservedGeneration = 1 };

        Assert.Null(EvictionRules.Spend(budget, "web-0", Fixtures.Now));

        Assert.Equal(1, budget.Status.DisruptionsAllowed);
        Assert.Equal(Fixtures.Now.UtcDateTime, budget.Status.DisruptedPods["web-0"]);
    }

    [Fact]
    public void Spend_BudgetNotYetProcessed_Refuses429()
    {
        var budget = Fixtures.Budget(minAvailable: "1");
        budget.Metadata.Generation = 2;
        budget.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 5, ObservedGeneration = 1 };

        var refusal = EvictionRules.Spend(budget, "web-0", Fixtures.Now);

        Assert.Equal((429, "The disruption budget web-pdb is still being processed by the server."), (refusal!.Code, refusal.Cause));
        Assert.Equal(5, budget.Status.DisruptionsAllowed);
    }

    [Fact]
    public void Evict_PodUnderTwoBudgets_IsAnError()
    {
        var error = Assert.Throws<EvictionRefusedException>(() => EvictionRules.BudgetToSpend(Fixtures.Pod("web-0"), [Fixtures.Budget("1"), Fixtures.Budget("1", name: "second")]));

        Assert.Equal((500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."), (error.Refusal.Code, error.Refusal.Message));
    }

    private static Outcome Decide(V1Pod pod, V1PodDisruptionBudget[] budgets)
    {
        if (EvictionRules.BudgetToSpend(pod, budgets) is not { } budget)
        {
            return Outcome.DeletedWithoutBudget;
        }

        return EvictionRules.Spend(budget, pod.Metadata.Name, Fixtures.Now) is null ? Outcome.Spent : Outcome.Refused;
    }
}
