using System.Text.Json;
using Extender.Core.Interruption;

namespace Extender.Core.Tests.Interruption;

/// <summary>The messages of Karpenter's interruption suite (its spotInterruptionMessage, stateChangeMessage, ... helpers) written anew.</summary>
public sealed class InterruptionParserTests
{
    private const string InstanceId = "i-0123456789abcdef0";
    private static readonly DateTimeOffset Time = new(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);

    private static string Event(string source, string detailType, object detail, string version = "0") => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["version"] = version,
        ["id"] = "7bf73129-1428-4cd3-a780-95db273d1602",
        ["detail-type"] = detailType,
        ["source"] = source,
        ["account"] = "123456789012",
        ["time"] = Time.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["region"] = "us-east-1",
        ["resources"] = new[] { $"arn:aws:ec2:us-east-1:instance/{InstanceId}" },
        ["detail"] = detail,
    });

    private static string Ec2Event(string detailType, object detail) => Event("aws.ec2", detailType, detail);

    private static string HealthEvent(string service, string category, params string[] entities) => Event("aws.health", "AWS Health Event", new Dictionary<string, object>
    {
        ["eventArn"] = "arn:aws:health:us-east-1::event/EC2/EC2_INSTANCE_RETIREMENT_SCHEDULED/x",
        ["eventTypeCode"] = "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
        ["service"] = service,
        ["eventTypeCategory"] = category,
        ["startTime"] = "Sat, 05 Dec 2026 17:00:00 GMT",
        ["affectedEntities"] = entities.Select(e => new Dictionary<string, string> { ["entityValue"] = e }).ToArray(),
    });

    private static InterruptionMessage Parsed(string body)
    {
        var parsed = InterruptionParser.Parse(body);
        Assert.Null(parsed.Problem);
        return Assert.IsType<InterruptionMessage>(parsed.Message);
    }

    [Fact]
    public void SpotInterruptionWarningNamesTheInstanceAndTheEventTime()
    {
        var message = Parsed(Ec2Event("EC2 Spot Instance Interruption Warning", new Dictionary<string, string> { ["instance-id"] = InstanceId, ["instance-action"] = "terminate" }));

        Assert.Equal(InterruptionKind.SpotInterrupted, message.Kind);
        Assert.Equal([InstanceId], message.InstanceIds);
        Assert.Equal(Time, message.Time);
        Assert.Equal("7bf73129-1428-4cd3-a780-95db273d1602", message.Id);
    }

    [Fact]
    public void RebalanceRecommendation() =>
        Assert.Equal(InterruptionKind.RebalanceRecommendation, Parsed(Ec2Event("EC2 Instance Rebalance Recommendation", new Dictionary<string, string> { ["instance-id"] = InstanceId })).Kind);

    [Fact]
    public void CapacityReservationInterruptionWarning()
    {
        var message = Parsed(Ec2Event("EC2 Capacity Reservation Instance Interruption Warning", new Dictionary<string, string> { ["instance-id"] = InstanceId, ["instance-action"] = "terminate" }));

        Assert.Equal(InterruptionKind.CapacityReservationInterrupted, message.Kind);
        Assert.Equal([InstanceId], message.InstanceIds);
    }

    [Theory]
    [InlineData("stopping", InterruptionKind.InstanceStopped)]
    [InlineData("stopped", InterruptionKind.InstanceStopped)]
    [InlineData("shutting-down", InterruptionKind.InstanceTerminated)]
    [InlineData("terminated", InterruptionKind.InstanceTerminated)]
    [InlineData("Terminated", InterruptionKind.InstanceTerminated)]
    [InlineData("creating", InterruptionKind.NoOp)]
    [InlineData("pending", InterruptionKind.NoOp)]
    [InlineData("running", InterruptionKind.NoOp)]
    public void StateChangeActsOnTheFourStatesKarpenterAccepts(string state, InterruptionKind kind) =>
        Assert.Equal(kind, Parsed(Ec2Event("EC2 Instance State-change Notification", new Dictionary<string, string> { ["instance-id"] = InstanceId, ["state"] = state })).Kind);

    [Fact]
    public void HealthScheduledChangeNamesEveryAffectedInstance()
    {
        var message = Parsed(HealthEvent("EC2", "scheduledChange", InstanceId, "i-0fedcba9876543210"));

        Assert.Equal(InterruptionKind.ScheduledChange, message.Kind);
        Assert.Equal([InstanceId, "i-0fedcba9876543210"], message.InstanceIds);
        // Health's RFC 1123 start time: the instance goes then, and its pods must be moved before.
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero), message.StartsAt);
    }

    [Theory]
    [InlineData("2026-12-05T17:00:00Z", true)]
    [InlineData("soon", false)]
    [InlineData(null, false)]
    public void HealthStartTime_Iso8601AlsoRead_UnreadableIsNone(string? startTime, bool read)
    {
        var body = HealthEvent("EC2", "scheduledChange", InstanceId).Replace("Sat, 05 Dec 2026 17:00:00 GMT", startTime ?? "", StringComparison.Ordinal);

        var message = Parsed(startTime is null ? body.Replace("\"startTime\":\"\",", "", StringComparison.Ordinal) : body);

        Assert.Equal(read ? new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero) : null, message.StartsAt);
        Assert.Null(Parsed(Ec2Event("EC2 Spot Instance Interruption Warning", new Dictionary<string, string> { ["instance-id"] = InstanceId })).StartsAt);
    }

    [Theory]
    [InlineData("EC2", "issue")]
    [InlineData("EBS", "scheduledChange")]
    [InlineData("EC2", "accountNotification")]
    public void HealthEventsOfOtherServicesOrCategoriesNeedNothing(string service, string category) =>
        Assert.Equal(InterruptionKind.NoOp, Parsed(HealthEvent(service, category, InstanceId)).Kind);

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"field1\":\"value1\",\"field2\":\"value2\"}")] // Karpenter's "can't be parsed" message
    [InlineData("{\"version\":\"0\",\"id\":\"x\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"yesterday\",\"detail\":{\"instance-id\":\"i-1\"}}")]
    [InlineData("{\"version\":\"0\",\"id\":\"x\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"2026-12-04T17:00:00Z\"}")]
    [InlineData("{\"version\":\"0\",\"id\":\"x\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"2026-12-04T17:00:00Z\",\"detail\":{}}")]
    [InlineData("{\"version\":\"0\",\"id\":\"x\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"2026-12-04T17:00:00Z\",\"detail\":{\"instance-id\":42}}")]
    public void BadBodiesAreUnparseableAndNeverThrow(string body)
    {
        var parsed = InterruptionParser.Parse(body);

        Assert.Null(parsed.Message);
        Assert.False(string.IsNullOrEmpty(parsed.Problem));
    }

    [Theory]
    [InlineData("aws.ec2", "EC2 Instance Launch Successful", "0")]
    [InlineData("aws.autoscaling", "EC2 Spot Instance Interruption Warning", "0")]
    [InlineData("aws.ec2", "EC2 Spot Instance Interruption Warning", "1")]
    public void UnknownKindsAreUnparseableAndNamedInTheProblem(string source, string detailType, string version)
    {
        var parsed = InterruptionParser.Parse(Event(source, detailType, new Dictionary<string, string> { ["instance-id"] = InstanceId }, version));

        Assert.Null(parsed.Message);
        Assert.Contains(version == "0" ? detailType : "version '1'", parsed.Problem);
    }

    [Theory]
    [InlineData(InterruptionKind.SpotInterrupted, InterruptionAction.MarkUnavailableAndDelete)]
    [InlineData(InterruptionKind.CapacityReservationInterrupted, InterruptionAction.MarkUnavailableAndDelete)]
    [InlineData(InterruptionKind.InstanceStopped, InterruptionAction.Delete)]
    [InlineData(InterruptionKind.InstanceTerminated, InterruptionAction.Delete)]
    [InlineData(InterruptionKind.ScheduledChange, InterruptionAction.ReserveAndDelete)]
    [InlineData(InterruptionKind.RebalanceRecommendation, InterruptionAction.EventOnly)]
    [InlineData(InterruptionKind.NoOp, InterruptionAction.None)]
    public void ResponsesFollowKarpenter(InterruptionKind kind, InterruptionAction action) => Assert.Equal(action, InterruptionResponse.For(kind));

    // Only a rebalance recommendation's response depends on the NodePool's opt-in.
    [Theory]
    [InlineData(InterruptionKind.RebalanceRecommendation, InterruptionAction.Replace)]
    [InlineData(InterruptionKind.SpotInterrupted, InterruptionAction.MarkUnavailableAndDelete)]
    [InlineData(InterruptionKind.ScheduledChange, InterruptionAction.ReserveAndDelete)]
    [InlineData(InterruptionKind.NoOp, InterruptionAction.None)]
    public void RebalanceOptIn_ChangesOnlyTheRebalanceResponse(InterruptionKind kind, InterruptionAction action) => Assert.Equal(action, InterruptionResponse.For(kind, replacesOnRebalance: true));
}
