using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Watch of {Resource} failed: {Error}")]
    public static partial void WatchFailed(ILogger logger, string resource, string error);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Skipped pod {Namespace}/{Pod}: {Error}")]
    public static partial void PodSkipped(ILogger logger, string? @namespace, string? pod, string error);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Ignorable extender {Extender} failed: {Error}")]
    public static partial void IgnorableExtenderFailed(ILogger logger, Uri extender, string error);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "Prioritize with extender {Extender} failed, its scores are ignored: {Error}")]
    public static partial void PrioritizeFailed(ILogger logger, Uri extender, string error);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Could not write the scheduling status of {Pod}: {Error}")]
    public static partial void StatusWriteFailed(ILogger logger, string pod, string error);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Debug, Message = "Pod {PodUid} failed to schedule ({Reason}): {Message}")]
    public static partial void SchedulingFailed(ILogger logger, string podUid, string reason, string message);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Debug, Message = "Pod {Pod} bound to {Node}")]
    public static partial void Bound(ILogger logger, string pod, string node);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Error, Message = "Scheduling cycle for pod {PodUid} crashed")]
    public static partial void CycleCrashed(ILogger logger, string podUid, Exception exception);
}
