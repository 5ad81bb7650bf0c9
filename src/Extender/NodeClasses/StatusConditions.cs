namespace Extender.NodeClasses;

/// <summary>Condition times as the API keeps them: whole seconds, and unchanged while the condition's status is.</summary>
internal static class StatusConditions
{
    public static DateTime TransitionTime(bool status, string? previousStatus, DateTime? previousTime, DateTimeOffset now) =>
        previousTime is { } kept && previousStatus == ToApi(status)
            ? kept
            : new DateTime(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public static string ToApi(bool status) => status ? "True" : "False";
}
