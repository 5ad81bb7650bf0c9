namespace Extender.Headroom;

internal static partial class HeadroomLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Headroom: holding room for {Replicas} replica(s) of {Buffers} buffer(s); {Claims} new NodeClaim(s)")]
    public static partial void Held(ILogger logger, int replicas, int buffers, int claims);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Headroom: gave up {Slots} slot(s) (surplus, window closed, or room no longer free)")]
    public static partial void Released(ILogger logger, int slots);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Headroom pass failed")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "CapacityBuffer {Buffer} is not ready for provisioning: {Problem}")]
    public static partial void NotReady(ILogger logger, string buffer, string problem);
}
