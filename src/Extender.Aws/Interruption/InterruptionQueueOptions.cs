using System.ComponentModel.DataAnnotations;

namespace Extender.Aws.Interruption;

/// <summary>Configuration section <c>Interruption</c>: the SQS queue EventBridge sends EC2 and Health events to.</summary>
public sealed class InterruptionQueueOptions
{
    public const string SectionName = "Interruption";

    /// <summary>The queue's name (as Karpenter's <c>--interruption-queue</c>); empty turns interruption handling off.</summary>
    public string QueueName { get; set; } = "";

    /// <summary>Overrides the regional SQS endpoint (the sandbox points this at 127.0.0.1).</summary>
    public Uri? EndpointOverride { get; set; }

    /// <summary>SQS long polling: how long a receive waits for a message (20 s is the SQS maximum).</summary>
    [Range(0, 20)]
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>Up to this many messages per receive (10 is the SQS maximum).</summary>
    [Range(1, 10)]
    public int MaxMessages { get; set; } = 10;

    /// <summary>Bound on one SQS call beyond the long poll itself.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(QueueName);
}
