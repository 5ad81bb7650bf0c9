using k8s;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's disruption controller: keeps each PodDisruptionBudget's status (currentHealthy,
/// desiredHealthy, expectedPods, disruptionsAllowed, disruptedPods, the DisruptionAllowed condition) true to the pods
/// it selects, which the Eviction API then spends. Scales come from ReplicaSets and, for theirs, Deployments.
/// </summary>
internal sealed class DisruptionController(ControllerContext context)
{
    public WorkQueue Queue { get; } = new(context.Time);

    public void OnBudget(V1PodDisruptionBudget? old, V1PodDisruptionBudget? current) => Queue.Add(ObjectCache<V1PodDisruptionBudget>.Key(current ?? old!));

    public void OnPod(V1Pod? old, V1Pod? current)
    {
        foreach (var budget in context.Budgets.Values)
        {
            if ((current is not null && Selects(budget, current)) || (old is not null && Selects(budget, old)))
            {
                Queue.Add(ObjectCache<V1PodDisruptionBudget>.Key(budget));
            }
        }
    }

    /// <summary>A scale changed: every budget in the namespace may count differently.</summary>
    public void OnScale(string? ns)
    {
        foreach (var budget in context.Budgets.Values.Where(b => b.Metadata.NamespaceProperty == ns))
        {
            Queue.Add(ObjectCache<V1PodDisruptionBudget>.Key(budget));
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (context.Budgets.Get(key) is not { } budget || budget.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var pods = context.Pods.Values.Where(p => Selects(budget, p)).ToList();
        var now = context.Time.GetUtcNow();
        V1PodDisruptionBudgetStatus status;
        try
        {
            var computed = DisruptionBudgets.Compute(budget, pods, ScaleOf, now);
            status = new V1PodDisruptionBudgetStatus
            {
                CurrentHealthy = computed.CurrentHealthy,
                DesiredHealthy = computed.DesiredHealthy,
                ExpectedPods = computed.ExpectedPods,
                DisruptionsAllowed = computed.DisruptionsAllowed,
                DisruptedPods = computed.DisruptedPods.Count == 0 ? null : computed.DisruptedPods.ToDictionary(),
                ObservedGeneration = budget.Metadata.Generation,
                Conditions = [Condition(budget, computed.DisruptionsAllowed > 0 ? "SufficientPods" : "InsufficientPods", computed.DisruptionsAllowed > 0, "", now)],
            };
            if (computed.RecheckAt is { } at)
            {
                Queue.AddAfter(key, at - now, cancellationToken);
            }
        }
        catch (InvalidOperationException e)
        {
            // Upstream's fail-safe: allow no disruption until the budget can be computed.
            status = ControllerContext.Clone(budget.Status ?? new V1PodDisruptionBudgetStatus());
            status.DisruptionsAllowed = 0;
            status.ObservedGeneration = budget.Metadata.Generation;
            status.Conditions = [Condition(budget, "SyncFailed", false, e.Message, now)];
        }

        if (Same(budget.Status, status))
        {
            return;
        }

        var copy = ControllerContext.Clone(budget);
        copy.Status = status;
        await context.CallAsync(token => context.Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(copy, budget.Metadata.Name, budget.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }

    private (string Uid, int Scale)? ScaleOf(V1Pod pod)
    {
        var owner = Owners.ControllerOf(pod.Metadata);
        var ns = pod.Metadata.NamespaceProperty;
        if (owner?.Kind == "ReplicaSet" && context.ReplicaSets.Get(ObjectCache<V1Pod>.Key(ns, owner.Name)) is { } rs && rs.Metadata.Uid == owner.Uid)
        {
            // A Deployment's ReplicaSets share the Deployment's scale.
            if (Owners.ControllerOf(rs.Metadata) is { Kind: "Deployment" } deploymentRef
                && context.Deployments.Get(ObjectCache<V1Pod>.Key(ns, deploymentRef.Name)) is { } deployment
                && deployment.Metadata.Uid == deploymentRef.Uid)
            {
                return (deployment.Metadata.Uid, deployment.Spec.Replicas ?? 1);
            }

            return (rs.Metadata.Uid, rs.Spec.Replicas ?? 1);
        }

        return null;
    }

    private static bool Selects(V1PodDisruptionBudget budget, V1Pod pod) =>
        pod.Metadata.NamespaceProperty == budget.Metadata.NamespaceProperty && LabelSelectors.Matches(budget.Spec.Selector ?? new V1LabelSelector(), pod.Metadata.Labels);

    private static V1Condition Condition(V1PodDisruptionBudget budget, string reason, bool allowed, string message, DateTimeOffset now)
    {
        var status = allowed ? "True" : "False";
        var previous = budget.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
        return new V1Condition
        {
            Type = "DisruptionAllowed",
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = budget.Metadata.Generation,
            LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime : now.UtcDateTime,
        };
    }

    private static bool Same(V1PodDisruptionBudgetStatus? a, V1PodDisruptionBudgetStatus b) =>
        a is not null
        && (a.CurrentHealthy, a.DesiredHealthy, a.ExpectedPods, a.DisruptionsAllowed, a.ObservedGeneration) == (b.CurrentHealthy, b.DesiredHealthy, b.ExpectedPods, b.DisruptionsAllowed, b.ObservedGeneration)
        && (a.DisruptedPods?.Count ?? 0) == (b.DisruptedPods?.Count ?? 0)
        && (a.DisruptedPods ?? new Dictionary<string, DateTime?>()).Keys.All(k => b.DisruptedPods?.ContainsKey(k) == true)
        && a.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed") is { } ac
        && ac.Reason == b.Conditions[0].Reason && ac.Status == b.Conditions[0].Status;
}
