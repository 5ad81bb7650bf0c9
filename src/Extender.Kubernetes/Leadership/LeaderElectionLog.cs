using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.Leadership;

internal static partial class LeaderElectionLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Identity} became leader of lease {Namespace}/{Lease}")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Identity} lost lease {Namespace}/{Lease}")]
    public static partial void Lost(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not acquire or renew lease {Namespace}/{Lease}")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string @namespace, string lease);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "{Identity} released lease {Namespace}/{Lease} for a standby to take over at once")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "{Identity} stops leading {Namespace}/{Lease}: shutting down")]
    public static partial void SteppedDown(ILogger logger, string identity, string @namespace, string lease);
}
