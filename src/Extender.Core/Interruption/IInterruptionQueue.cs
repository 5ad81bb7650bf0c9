namespace Extender.Core.Interruption;

/// <summary>The queue EventBridge delivers EC2 and Health events to (SQS in production, a stand-in in the sandbox).</summary>
public interface IInterruptionQueue
{
    /// <summary>Waits up to the queue's long-poll time for a batch; an empty list when none came.</summary>
    Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(CancellationToken cancellationToken);

    Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken);
}

/// <summary>One received message; <paramref name="ReceiptHandle"/> deletes it.</summary>
public sealed record QueuedMessage(string MessageId, string ReceiptHandle, string Body);
