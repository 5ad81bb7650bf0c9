using System.Globalization;
using System.Text.Json;

namespace Extender.Core.Interruption;

/// <summary>
/// Parses the EventBridge envelope (<c>version</c>, <c>id</c>, <c>detail-type</c>, <c>source</c>, <c>time</c>,
/// <c>detail</c>) into the kinds Karpenter handles, keyed as Karpenter keys them: version, source and detail-type.
/// Never throws: a body it cannot read is <see cref="ParsedMessage.Unparseable"/>, so that the caller deletes it instead of
/// receiving it again forever.
/// </summary>
public static class InterruptionParser
{
    private const string Ec2 = "aws.ec2";
    private const string Health = "aws.health";

    public static ParsedMessage Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ParsedMessage.Unparseable("empty message body");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            return ParsedMessage.Unparseable($"not JSON: {ex.Message}");
        }
    }

    private static ParsedMessage Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParsedMessage.Unparseable("not a JSON object");
        }

        var version = Text(root, "version");
        var source = Text(root, "source");
        var detailType = Text(root, "detail-type");
        var id = Text(root, "id") ?? "";
        if (version != "0" || source is null || detailType is null)
        {
            return ParsedMessage.Unparseable($"not an EventBridge event (version '{version}', source '{source}', detail-type '{detailType}')");
        }

        if (!root.TryGetProperty("time", out var timeElement) || timeElement.ValueKind != JsonValueKind.String || !timeElement.TryGetDateTimeOffset(out var time))
        {
            return ParsedMessage.Unparseable($"event {id} ({detailType}) has no valid 'time'");
        }

        if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
        {
            return ParsedMessage.Unparseable($"event {id} ({detailType}) has no 'detail' object");
        }

        InterruptionMessage Message(InterruptionKind kind, IReadOnlyList<string> ids) => new(id, kind, detailType, time, ids);

        return (source, detailType) switch
        {
            (Ec2, "EC2 Spot Instance Interruption Warning") => Instance(detail, id, detailType, ids => Message(InterruptionKind.SpotInterrupted, ids)),
            (Ec2, "EC2 Instance Rebalance Recommendation") => Instance(detail, id, detailType, ids => Message(InterruptionKind.RebalanceRecommendation, ids)),
            (Ec2, "EC2 Capacity Reservation Instance Interruption Warning") => Instance(detail, id, detailType, ids => Message(InterruptionKind.CapacityReservationInterrupted, ids)),
            (Ec2, "EC2 Instance State-change Notification") => Instance(detail, id, detailType, ids => Message(StateKind(Text(detail, "state")), ids)),
            (Health, "AWS Health Event") => new ParsedMessage(Message(HealthKind(detail), AffectedEntities(detail)) with { StartsAt = StartTime(detail) }, null),
            _ => ParsedMessage.Unparseable($"event {id}: no handler for source '{source}', detail-type '{detailType}'"),
        };
    }

    private static ParsedMessage Instance(JsonElement detail, string id, string detailType, Func<IReadOnlyList<string>, InterruptionMessage> message) =>
        Text(detail, "instance-id") is { Length: > 0 } instanceId
            ? new ParsedMessage(message([instanceId]), null)
            : ParsedMessage.Unparseable($"event {id} ({detailType}) has no detail.instance-id");

    // Karpenter reacts to these four states only; "pending" and "running" need nothing.
    private static InterruptionKind StateKind(string? state) => state?.ToLowerInvariant() switch
    {
        "stopping" or "stopped" => InterruptionKind.InstanceStopped,
        "shutting-down" or "terminated" => InterruptionKind.InstanceTerminated,
        _ => InterruptionKind.NoOp,
    };

    // Only EC2 scheduled changes concern nodes; Health also reports issues and account notifications for every service.
    private static InterruptionKind HealthKind(JsonElement detail) =>
        Text(detail, "service") == "EC2" && Text(detail, "eventTypeCategory") == "scheduledChange" ? InterruptionKind.ScheduledChange : InterruptionKind.NoOp;

    // Health writes RFC 1123 times ("Sat, 05 Jun 2021 21:00:00 GMT"); ISO 8601 is read too. Unreadable: no start time,
    // and the change is answered against the spot notice's two minutes, the shortest warning EC2 gives.
    private static DateTimeOffset? StartTime(JsonElement detail) =>
        Text(detail, "startTime") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) ? start : null;

    private static string[] AffectedEntities(JsonElement detail) =>
        detail.TryGetProperty("affectedEntities", out var entities) && entities.ValueKind == JsonValueKind.Array
            ? [.. entities.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? Text(e, "entityValue") : null).OfType<string>().Where(v => v.Length > 0)]
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
