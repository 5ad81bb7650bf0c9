using System.Text.Json.Nodes;
using Extender.Sandbox.Ec2;

namespace Extender.Sandbox.Sqs;

/// <summary>
/// Interrupts sandbox spot instances as EC2 does: the two-minute warning goes to the interruption queue (as EventBridge
/// delivers it), then, after <see cref="Notice"/>, the instance is reclaimed (terminated).
/// </summary>
public sealed class SpotInterrupter(SandboxEc2Server ec2, SandboxSqsServer sqs, string queueName, TimeProvider time)
{
    /// <summary>Time from the warning to the reclaim: 120 s in EC2, scaled down in tests.</summary>
    public TimeSpan Notice { get; init; } = TimeSpan.FromMinutes(2);

    public string Region { get; init; } = "us-east-1";

    /// <summary>Sends the warning now and returns once the instance has been reclaimed.</summary>
    public async Task InterruptAsync(string instanceId, CancellationToken cancellationToken)
    {
        sqs.Send(queueName, Warning(instanceId, time.GetUtcNow()));
        await Task.Delay(Notice, time, cancellationToken);
        ec2.Reclaim(instanceId);
    }

    /// <summary>The EventBridge event EC2 emits: <c>EC2 Spot Instance Interruption Warning</c>.</summary>
    public string Warning(string instanceId, DateTimeOffset now) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "EC2 Spot Instance Interruption Warning",
        ["source"] = "aws.ec2",
        ["account"] = "000000000000",
        ["time"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["region"] = Region,
        ["resources"] = new JsonArray($"arn:aws:ec2:{Region}:000000000000:instance/{instanceId}"),
        ["detail"] = new JsonObject
        {
            ["instance-id"] = instanceId,
            ["instance-action"] = "terminate",
        },
    }.ToJsonString();
}
