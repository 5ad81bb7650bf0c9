using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// Which pods a controller scaling down deletes first (upstream's <c>ActivePods</c> ordering): unscheduled before
/// scheduled, Pending before Unknown before Running, not ready before ready, more recently ready or created first.
/// </summary>
internal static class PodDeletionOrder
{
    public static IReadOnlyList<V1Pod> Pick(IEnumerable<V1Pod> pods, int count) =>
        [.. pods
            .OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : 1)
            .ThenBy(p => p.Status?.Phase switch { "Pending" or null => 0, "Unknown" => 1, _ => 2 })
            .ThenBy(p => PodStates.IsReady(p) ? 1 : 0)
            .ThenByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Take(count)];
}
