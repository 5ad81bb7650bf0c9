using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>The pod predicates upstream's controllers share (<c>IsPodActive</c>, <c>IsPodReady</c>, <c>IsPodAvailable</c>).</summary>
internal static class PodStates
{
    /// <summary>Counts toward a controller's replicas: not finished and not being deleted.</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static bool IsReady(V1Pod pod) => ReadySince(pod) is not null;

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        ReadySince(pod) is { } since && (minReadySeconds == 0 || since.AddSeconds(minReadySeconds) <= now);

    private static DateTimeOffset? ReadySince(V1Pod pod)
    {
        var ready = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        if (ready?.Status != "True")
        {
            return null;
        }

        return ready.LastTransitionTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
    }
}
