using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>Why an eviction is refused: the HTTP status, its reason, upstream's message and a DisruptionBudget cause.</summary>
internal sealed record EvictionRefusal(int Code, string Reason, string Message, string? Cause = null);

/// <summary>
/// kube-apiserver's eviction rules (pkg/registry/core/pod/storage/eviction.go): a pod that is Pending, finished or
/// already being deleted goes without asking any budget; a pod under no budget goes; a pod under more than one is an
/// error; an unready pod goes without spending the budget while the budget is met (the IfHealthyBudget policy, or
/// always with AlwaysAllow); otherwise the budget must allow a disruption, and the eviction spends it.
/// </summary>
internal static class EvictionRules
{
    public const string ViolatesBudget = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>Upstream's <c>MaxDisruptedPodSize</c>.</summary>
    public const int MaxDisruptedPods = 2000;

    /// <summary>The budget whose disruption the eviction must spend; null when the pod may go without one.</summary>
    /// <exception cref="EvictionRefusedException">The pod is selected by more than one budget.</exception>
    public static V1PodDisruptionBudget? BudgetToSpend(V1Pod pod, IEnumerable<V1PodDisruptionBudget> budgets)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status?.Phase is "Succeeded" or "Failed" or "Pending" || pod.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var selecting = budgets.Where(b => b.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty && LabelSelectors.Matches(b.Spec.Selector ?? new V1LabelSelector(), pod.Metadata.Labels)).ToList();
        if (selecting.Count > 1)
        {
            throw new EvictionRefusedException(new EvictionRefusal(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
        }

        if (selecting.Count == 0)
        {
            return null;
        }

        var budget = selecting[0];
        if (!PodStates.IsReady(pod))
        {
            var status = budget.Status;
            var alwaysAllow = budget.Spec.UnhealthyPodEvictionPolicy == "AlwaysAllow";
            if (alwaysAllow || (status is not null && status.CurrentHealthy >= status.DesiredHealthy && status.DesiredHealthy > 0))
            {
                return null;
            }
        }

        return budget;
    }

    /// <summary>Spends one disruption of <paramref name="budget"/>'s status for <paramref name="podName"/>, or says why not.</summary>
    public static EvictionRefusal? Spend(V1PodDisruptionBudget budget, string podName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var status = budget.Status ??= new V1PodDisruptionBudgetStatus();
        if (status.ObservedGeneration is null || status.ObservedGeneration < budget.Metadata.Generation)
        {
            return new EvictionRefusal(429, "TooManyRequests", ViolatesBudget, $"The disruption budget {budget.Metadata.Name} is still being processed by the server.");
        }

        if (status.DisruptionsAllowed < 0)
        {
            return new EvictionRefusal(403, "Forbidden", "pdb disruptions allowed is negative");
        }

        if ((status.DisruptedPods?.Count ?? 0) > MaxDisruptedPods)
        {
            return new EvictionRefusal(403, "Forbidden", "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }

        if (status.DisruptionsAllowed == 0)
        {
            return new EvictionRefusal(429, "TooManyRequests", ViolatesBudget, $"The disruption budget {budget.Metadata.Name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently");
        }

        status.DisruptionsAllowed--;
        status.DisruptedPods ??= new Dictionary<string, DateTime?>();
        status.DisruptedPods[podName] = now.UtcDateTime;
        return null;
    }
}

/// <summary>An eviction the rules refuse.</summary>
internal sealed class EvictionRefusedException(EvictionRefusal refusal) : Exception(refusal.Message)
{
    public EvictionRefusal Refusal { get; } = refusal;
}
