using Amazon.SQS;
using Amazon.SQS.Model;
using Extender.Core.Interruption;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Interruption;

/// <summary>
/// <see cref="IInterruptionQueue"/> over SQS: long polling (<c>WaitTimeSeconds</c>, up to 10 messages), the queue URL
/// looked up once by name. Every call is bounded by the long poll plus <see cref="InterruptionQueueOptions.RequestTimeout"/>.
/// </summary>
internal sealed class SqsInterruptionQueue(IAmazonSQS sqs, IOptions<InterruptionQueueOptions> options) : IInterruptionQueue
{
    private string? _url;

    public async Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = Timeout(TimeSpan.FromSeconds(settings.WaitTimeSeconds) + settings.RequestTimeout, cancellationToken);
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = await UrlAsync(timeout.Token),
            WaitTimeSeconds = settings.WaitTimeSeconds,
            MaxNumberOfMessages = settings.MaxMessages,
        }, timeout.Token);
        return response.Messages is { } messages ? [.. messages.Select(m => new QueuedMessage(m.MessageId, m.ReceiptHandle, m.Body ?? ""))] : [];
    }

    public async Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(options.Value.RequestTimeout, cancellationToken);
        await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = await UrlAsync(timeout.Token), ReceiptHandle = message.ReceiptHandle }, timeout.Token);
    }

    // Looked up once; concurrent first lookups (deletes run beside the next receive) only repeat a harmless read.
    private async Task<string> UrlAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _url) ?? (_url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = options.Value.QueueName }, cancellationToken)).QueueUrl);

    private static CancellationTokenSource Timeout(TimeSpan after, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(after);
        return source;
    }
}
