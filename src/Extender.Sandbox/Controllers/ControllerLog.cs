using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Controllers;

internal static partial class ControllerLog
{
    [LoggerMessage(EventId = 7400, Level = LogLevel.Warning, Message = "{Controller} sync of {Key} failed, retrying: {Error}")]
    public static partial void SyncFailed(ILogger logger, string controller, string key, string error);
}
