using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>What the disruption controller computes for a PodDisruptionBudget.</summary>
internal sealed record BudgetStatus(
    int CurrentHealthy,
    int DesiredHealthy,
    int ExpectedPods,
    int DisruptionsAllowed,
    IReadOnlyDictionary<string, DateTime?> DisruptedPods,
    DateTimeOffset? RecheckAt);

/// <summary>
/// The disruption controller's arithmetic (upstream <c>getExpectedPodCount</c>, <c>countHealthyPods</c>,
/// <c>buildDisruptedPodMap</c>): desired healthy pods from minAvailable or maxUnavailable (integers or percentages
/// of the summed scale of the pods' controllers), current healthy pods (ready, not being deleted, not evicted in the
/// last two minutes) and the disruptions allowed between them.
/// </summary>
internal static class DisruptionBudgets
{
    /// <summary>How long an eviction recorded in DisruptedPods keeps its pod from counting as healthy.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <param name="budget">The budget, with the status the Eviction API last wrote (its disruptedPods).</param>
    /// <param name="pods">Every pod in the budget's namespace its selector matches.</param>
    /// <param name="scaleOf">The pod's controller's UID and scale (spec.replicas); null when it has none with a scale.</param>
    /// <param name="now">When disruptedPods entries lapse is measured from here.</param>
    /// <exception cref="InvalidOperationException">A pod the budget needs the scale of has no such controller (upstream's sync failure).</exception>
    public static BudgetStatus Compute(V1PodDisruptionBudget budget, IReadOnlyList<V1Pod> pods, Func<V1Pod, (string Uid, int Scale)?> scaleOf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(scaleOf);
        int expected;
        int desired;
        if (budget.Spec.MaxUnavailable is { } maxUnavailable)
        {
            expected = ExpectedScale(pods, scaleOf);
            desired = Math.Max(0, expected - IntOrPercent.Scaled(maxUnavailable, expected, roundUp: true));
        }
        else if (budget.Spec.MinAvailable is { } minAvailable && !IntOrPercent.IsPercent(minAvailable))
        {
            expected = pods.Count;
            desired = IntOrPercent.Scaled(minAvailable, expected, roundUp: true);
        }
        else if (budget.Spec.MinAvailable is { } percent)
        {
            expected = ExpectedScale(pods, scaleOf);
            desired = IntOrPercent.Scaled(percent, expected, roundUp: true);
        }
        else
        {
            expected = pods.Count;
            desired = 0;
        }

        var (disrupted, recheck) = StillDisrupted(budget.Status?.DisruptedPods, pods, now);
        var healthy = pods.Count(p => p.Metadata.DeletionTimestamp is null && !disrupted.ContainsKey(p.Metadata.Name) && PodStates.IsReady(p));
        var allowed = expected <= 0 ? 0 : Math.Max(0, healthy - desired);
        return new BudgetStatus(healthy, desired, expected, allowed, disrupted, recheck);
    }

    private static int ExpectedScale(IReadOnlyList<V1Pod> pods, Func<V1Pod, (string Uid, int Scale)?> scaleOf)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (Owners.ControllerOf(pod.Metadata) is null)
            {
                throw new InvalidOperationException($"found no controller ref for pod \"{pod.Metadata.Name}\"");
            }

            var (uid, scale) = scaleOf(pod) ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata.Name}\"");
            scales[uid] = scale;
        }

        return scales.Values.Sum();
    }

    /// <summary>Evictions whose pod still exists undeleted and whose two minutes have not passed; when the next one lapses.</summary>
    private static (Dictionary<string, DateTime?> Disrupted, DateTimeOffset? RecheckAt) StillDisrupted(IDictionary<string, DateTime?>? recorded, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var disrupted = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        DateTimeOffset? recheck = null;
        var live = pods.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, recordedAt) in recorded ?? new Dictionary<string, DateTime?>())
        {
            var at = recordedAt ?? DateTime.MinValue;
            var expires = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) + DeletionTimeout;
            if (!live.Contains(name) || expires < now)
            {
                continue;
            }

            disrupted[name] = at;
            recheck = recheck is null || expires < recheck ? expires : recheck;
        }

        return (disrupted, recheck);
    }
}
