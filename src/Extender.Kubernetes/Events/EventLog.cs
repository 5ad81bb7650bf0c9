using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.Events;

internal static partial class EventLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Dropped {Count} events: more than {MaxPending} distinct events were waiting")]
    public static partial void Dropped(ILogger logger, int count, int maxPending);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Could not write event {Reason} for {Kind} {Name}")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string reason, string kind, string name);
}
