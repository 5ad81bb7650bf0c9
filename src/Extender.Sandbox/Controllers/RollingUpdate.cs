using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>One ReplicaSet as the rolling-update arithmetic sees it: desired replicas and available pods.</summary>
internal sealed record ReplicaCount(string Name, int Replicas, int Available);

/// <summary>
/// The Deployment controller's RollingUpdate arithmetic (upstream <c>ResolveFenceposts</c>, <c>NewRSNewReplicas</c>,
/// <c>reconcileOldReplicaSets</c>): the new ReplicaSet grows while all ReplicaSets together stay within replicas +
/// maxSurge; old ones shrink, unhealthy pods first, while available pods stay at least replicas − maxUnavailable.
/// </summary>
internal static class RollingUpdate
{
    private static readonly IntOrString DefaultQuarter = "25%";

    /// <summary>maxSurge rounded up and maxUnavailable rounded down against the replicas; never both zero.</summary>
    public static (int MaxSurge, int MaxUnavailable) Fenceposts(V1RollingUpdateDeployment? strategy, int replicas)
    {
        var surge = IntOrPercent.Scaled(strategy?.MaxSurge ?? DefaultQuarter, replicas, roundUp: true);
        var unavailable = IntOrPercent.Scaled(strategy?.MaxUnavailable ?? DefaultQuarter, replicas, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    /// <summary>The new ReplicaSet's replicas after one scale-up step (a new ReplicaSet above replicas is scaled down to it by the caller).</summary>
    public static int NewReplicas(int replicas, int maxSurge, int allReplicas, int newReplicas)
    {
        var maxTotal = replicas + maxSurge;
        return allReplicas >= maxTotal ? newReplicas : newReplicas + Math.Min(maxTotal - allReplicas, replicas - newReplicas);
    }

    /// <summary>The old ReplicaSets' replicas after one step; <paramref name="olds"/> oldest first.</summary>
    public static IReadOnlyList<ReplicaCount> ScaleDownOld(int replicas, int maxUnavailable, ReplicaCount newSet, IReadOnlyList<ReplicaCount> olds)
    {
        var result = olds.ToList();
        if (result.Sum(o => o.Replicas) == 0)
        {
            return result;
        }

        var minAvailable = replicas - maxUnavailable;
        var allReplicas = newSet.Replicas + result.Sum(o => o.Replicas);
        var maxScaledDown = allReplicas - minAvailable - (newSet.Replicas - newSet.Available);
        if (maxScaledDown <= 0)
        {
            return result;
        }

        // Unhealthy pods of old ReplicaSets go first: removing them costs no availability.
        var cleaned = 0;
        for (var i = 0; i < result.Count && cleaned < maxScaledDown; i++)
        {
            var unhealthy = result[i].Replicas - result[i].Available;
            if (result[i].Replicas == 0 || unhealthy <= 0)
            {
                continue;
            }

            var down = Math.Min(maxScaledDown - cleaned, unhealthy);
            result[i] = result[i] with { Replicas = result[i].Replicas - down };
            cleaned += down;
        }

        var available = newSet.Available + olds.Sum(o => o.Available);
        if (available <= minAvailable)
        {
            return result;
        }

        var total = available - minAvailable;
        var scaled = 0;
        for (var i = 0; i < result.Count && scaled < total; i++)
        {
            var down = Math.Min(result[i].Replicas, total - scaled);
            result[i] = result[i] with { Replicas = result[i].Replicas - down };
            scaled += down;
        }

        return result;
    }
}
