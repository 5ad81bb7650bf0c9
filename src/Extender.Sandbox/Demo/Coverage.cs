namespace Extender.Sandbox.Demo;

/// <summary>
/// How fast a burst was covered: from its first pod (created or detected, whichever the clocks saw first) until the
/// last of its pods had capacity requested or reserved for it, and how long after its last pod was created that was.
/// </summary>
/// <param name="CoveredMilliseconds">
/// Over the pods that were covered; read it with <paramref name="Uncovered"/> (a pod that fit existing capacity, or one
/// still stranded, is never covered). Null when none was.
/// </param>
/// <param name="AfterLastPodMilliseconds">The last launch or reservation after the last pod's creation (negative never: 0).</param>
/// <param name="Uncovered">Created pods with no launch or reservation recorded.</param>
public sealed record Coverage(double? CoveredMilliseconds, double? AfterLastPodMilliseconds, int Uncovered)
{
    public static Coverage Of(IReadOnlyList<CreatedPod> created, IReadOnlyDictionary<string, (DateTimeOffset DetectedAt, DateTimeOffset LaunchedAt)> launches)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(launches);
        if (created.Count == 0)
        {
            return new Coverage(null, null, 0);
        }

        var first = DateTimeOffset.MaxValue;
        var lastCreated = DateTimeOffset.MinValue;
        var lastLaunch = DateTimeOffset.MinValue;
        var uncovered = 0;
        foreach (var pod in created)
        {
            first = Min(first, pod.CreatedAt);
            lastCreated = Max(lastCreated, pod.CreatedAt);
            if (launches.TryGetValue(pod.Uid, out var launch))
            {
                first = Min(first, launch.DetectedAt);
                lastLaunch = Max(lastLaunch, launch.LaunchedAt);
            }
            else
            {
                uncovered++;
            }
        }

        if (uncovered == created.Count)
        {
            return new Coverage(null, null, uncovered);
        }

        var after = Math.Round(Math.Max(0, (lastLaunch - lastCreated).TotalMilliseconds), 1);
        return new Coverage(Math.Round((lastLaunch - first).TotalMilliseconds, 1), after, uncovered);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
