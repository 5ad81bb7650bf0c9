using Extender.Core.Cluster;

namespace Extender.Core.Disruption;

/// <summary>
/// The do-not-disrupt annotation on a pod or node: <c>true</c> keeps it from voluntary disruption for good; a duration
/// (<c>1h</c>) keeps it for that long after the pod or node was created. Other values do not protect.
/// </summary>
public static class DoNotDisrupt
{
    public static bool Blocks(string? value, DateTimeOffset since, DateTimeOffset now) =>
        value is not null && (value == "true" || (Durations.TryParse(value, out var duration) && since + duration > now));

    public static bool Blocks(Pod pod, DateTimeOffset now) => Blocks(pod.DoNotDisrupt, pod.CreatedAt, now);

    public static bool Blocks(Node node, DateTimeOffset now) => Blocks(node.DoNotDisrupt, node.CreatedAt, now);
}
