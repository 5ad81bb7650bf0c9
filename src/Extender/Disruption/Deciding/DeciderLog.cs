namespace Extender.Disruption.Deciding;

internal static partial class DeciderLog
{
    [LoggerMessage(5221, LogLevel.Information, "Disrupting {NodeClaim}: {Reason} ({Why})")]
    public static partial void Disrupting(ILogger logger, string nodeClaim, string reason, string why);

    [LoggerMessage(5222, LogLevel.Error, "Disrupting {NodeClaim} failed; decided again on the next pass")]
    public static partial void DisruptFailed(ILogger logger, string nodeClaim, Exception exception);

    [LoggerMessage(5223, LogLevel.Error, "Disruption pass failed; retrying on the next one")]
    public static partial void PassFailed(ILogger logger, Exception exception);
}
