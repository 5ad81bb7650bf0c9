using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.Watching;

internal static partial class ReflectorLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Watch of {Resource} expired (410 Gone); re-listing in {DelayMilliseconds} ms")]
    public static partial void Expired(ILogger logger, string resource, long delayMilliseconds);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "List or watch of {Resource} failed (backoff step {Attempt}); re-listing in {DelayMilliseconds} ms")]
    public static partial void Failed(ILogger logger, Exception exception, string resource, int attempt, long delayMilliseconds);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Skipped {Resource} {Name}: {Reason}")]
    public static partial void Skipped(ILogger logger, string resource, string name, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Watch of {Resource} ended at resourceVersion {ResourceVersion}; resuming")]
    public static partial void Resuming(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Watch of {Resource} closed at once with no event (backoff step {Attempt}); watching again in {DelayMilliseconds} ms")]
    public static partial void ShortWatch(ILogger logger, string resource, int attempt, long delayMilliseconds);
}
