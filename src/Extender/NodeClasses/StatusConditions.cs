using k8s.Models;

namespace Extender.NodeClasses;

/// <summary>Condition times as the API keeps them: whole seconds, and unchanged while the condition's status is.</summary>
internal static class StatusConditions
{
    public static DateTime TransitionTime(bool status, string? previousStatus, DateTime? previousTime, DateTimeOffset now) =>
        previousTime is { } kept && previousStatus == ToApi(status)
            ? kept
            : new DateTime(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public static string ToApi(bool status) => status ? "True" : "False";

    /// <summary>A condition of <paramref name="type"/>, keeping its transition time from <paramref name="previous"/> while its status is unchanged.</summary>
    public static V1Condition Condition(IEnumerable<V1Condition>? previous, string type, bool status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new V1Condition
        {
            Type = type,
            Status = ToApi(status),
            Reason = reason,
            Message = message,
            LastTransitionTime = TransitionTime(status, before?.Status, before?.LastTransitionTime, now),
            ObservedGeneration = generation,
        };
    }
}
